// Exit codes an agent can act on without reading English: each names what to do next. Listed in
// `monet --help` (every subcommand's too) and the README.
import path from "node:path";

export const EXIT = {
  /** Done. */
  ok: 0,
  /** Anything else that failed (a download refused, an answer the CLI could not use). */
  failed: 1,
  /** Bad usage or input: fix the command. Refused before sending, or by the API (400, 409 a key reused with another input, 413, 422). */
  usage: 2,
  /** The API key was refused (401, 403): fix MONET_API_KEY; retrying will not help. */
  auth: 3,
  /** The task or file does not exist (404). */
  notFound: 4,
  /** The task ended without success (failed, cancelled): its error says why. */
  taskFailed: 5,
  /** Worth retrying later: no connection, a timeout, 429, a 5xx, a wait that ran out of time. */
  retryLater: 6,
  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as shells report it. */
  sigint: 130,
  sigterm: 143,
} as const;

/** The fields of a --json error (output.ts's ErrorJson), as the help and the README list them. */
export const ERROR_FIELDS = [
  "type",
  "code",
  "status",
  "message",
  "field",
  "allowed",
  "issues",
  "details",
  "taskId",
  "requestId",
  "retryable",
  "retryAfter",
  "resume",
  "exitCode",
] as const;

export const EXIT_HELP = `
With --json, a command's result is one JSON value on stdout. On stderr, an error is one JSON
object, {"error": {${ERROR_FIELDS.map((f) => `"${f}"`).join(", ")}}}
(those that apply; code is always set), and lines of {"event": ...} may come before it.
MONET_POLL_INTERVAL=<ms>: time between polls of a waiting command (default: the API's advice).
MONET_TIMEOUT=<seconds>: --timeout for every command (the flag wins).
MONET_CLI_ROOTS=<dir>[${path.delimiter}<dir>...]: absolute folders every path read or written (--out, input
files, --input, --body @file, pipeline files) must be inside, by real path; others are refused (exit 2).
Exit codes: ${EXIT.ok} done, ${EXIT.failed} other failure, ${EXIT.usage} bad usage or input (fix the command), ${EXIT.auth} API key refused,
${EXIT.notFound} not found, ${EXIT.taskFailed} task failed, ${EXIT.retryLater} retry later (connection, timeout, 429, 5xx),
${EXIT.sigint}/${EXIT.sigterm} interrupted (SIGINT/SIGTERM; a waiting command prints how to resume).`;
