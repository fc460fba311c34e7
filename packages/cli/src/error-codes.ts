// The `code` of every --json error, so an agent can act without parsing English. The API's own
// codes (validation_error, conflict, rate_limited...) and the download codes of the client
// (file_exists, too_large, unsafe_url, too_slow, download_failed, too_many) pass through as they are; the
// CLI's own are these few, listed in the README's error table.
export const CODE = {
  /** A value the CLI's or the catalog's rules refuse: `field` (or `issues`) says which, `allowed` what would do. */
  invalidValue: "invalid_value",
  /** A flag the command (or the model) does not take. */
  unknownFlag: "unknown_flag",
  /** A command that does not exist, or none given where one is needed. */
  unknownCommand: "unknown_command",
  /** A required argument, flag or flag value is missing. */
  missingArgument: "missing_argument",
  /** An argument the command does not take. */
  unexpectedArgument: "unexpected_argument",
  /** A flag that takes one value, given twice. */
  repeatedFlag: "repeated_flag",
  /** A local file that cannot be used: missing, not a file, too big, not JSON, not a media file. */
  invalidFile: "invalid_file",
  /** A path outside the folders MONET_CLI_ROOTS allows (roots.ts): refused before anything is sent or made. */
  outsideRoots: "outside_roots",
  /** No MONET_API_KEY. */
  missingKey: "missing_key",
  /** No connection to the API (refused, reset, DNS). */
  connectionError: "connection_error",
  /** No answer in time, or a wait that ran out of time (--wait-timeout). */
  timeout: "timeout",
  /** The task ended without success and gave no code of its own. */
  taskFailed: "task_failed",
  /** The API refused without a code of its own. */
  apiError: "api_error",
  /** Anything else. */
  failed: "failed",
} as const;

export type CliCode = (typeof CODE)[keyof typeof CODE];
