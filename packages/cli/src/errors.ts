// Errors the CLI raises itself, before any request: exit code 2.
import { baseUrlOf, KEYS_URL } from "@monet-ai/client/operations";
import { isLocalUrl } from "@monet-ai/client/outputs";
import { type CliCode, CODE } from "./error-codes.js";

export interface UsageInfo {
  /** Whether the line ends with "See monet --help." (not for a missing file, say). */
  hint?: boolean;
  /** What went wrong, for --json (error-codes.ts); default invalid_value. */
  code?: CliCode;
  /** The flag or argument at fault, as typed (`--max-bytes`). */
  field?: string;
  /** What it allows, when that is a list. */
  allowed?: readonly unknown[];
}

export class UsageError extends Error {
  readonly hint: boolean;
  readonly code: CliCode;
  readonly field?: string;
  readonly allowed?: readonly unknown[];
  constructor(message: string, opts: UsageInfo = {}) {
    super(message);
    this.hint = opts.hint ?? true;
    this.code = opts.code ?? CODE.invalidValue;
    this.field = opts.field;
    this.allowed = opts.allowed;
  }
}

/** The mock's address when it runs with its defaults (`npx -y @monet-ai/mock`). */
export const MOCK_URL = "http://127.0.0.1:4020";

/** Where the API base came from: the --base-url flag, MONET_BASE_URL, or neither (the real API). */
export interface BaseSource {
  value?: string;
  from?: "--base-url" | "MONET_BASE_URL";
}

/**
 * The missing-key line, for where the CLI points: against a local base (the mock) any key works;
 * --base-url is suggested only when no base was given at all.
 */
export function noKey(base: BaseSource): string {
  if (base.value && isLocalUrl(base.value))
    return `no API key. Set MONET_API_KEY: ${base.from} ${base.value} is local (the mock?), where any monet_... key works (MONET_API_KEY=monet_test)`;
  const real = `no API key. Set MONET_API_KEY=monet_... (get one at ${KEYS_URL})`;
  if (base.value) return real;
  return `${real}, or try the mock (npx -y @monet-ai/mock), where any key works: MONET_API_KEY=monet_test and --base-url ${MOCK_URL}`;
}

/**
 * The base URL, checked first by the client's own rule (bad usage, exit 2), named as the user gave
 * it: --base-url or MONET_BASE_URL.
 */
export function checkBaseUrl(base: BaseSource): string | undefined {
  if (base.value === undefined) return undefined;
  baseUrlOf(base.value, base.from ?? "baseUrl");
  return base.value;
}
