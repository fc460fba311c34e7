// Errors the CLI raises itself, before any request: exit code 2.
import { isLocalUrl } from "@monet-ai/client/outputs";

export class UsageError extends Error {
  /** Whether the line ends with "See monet --help." (not for a missing file, say). */
  readonly hint: boolean;
  constructor(message: string, opts: { hint?: boolean } = {}) {
    super(message);
    this.hint = opts.hint ?? true;
  }
}

/** The mock's address when it runs with its defaults (`npx monet-mock`). */
export const MOCK_URL = "http://127.0.0.1:4020";
const KEYS_PAGE = "https://monet.vision/skills/keys";

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
  const real = `no API key. Set MONET_API_KEY=monet_... (get one at ${KEYS_PAGE})`;
  if (base.value) return real;
  return `${real}, or try the mock (npx monet-mock), where any key works: MONET_API_KEY=monet_test and --base-url ${MOCK_URL}`;
}

/**
 * The base URL as the client will use it, checked first: an absolute http(s) URL. A bad one is bad
 * usage (exit 2) naming where it came from, with the URL that was most likely meant.
 */
export function checkBaseUrl(base: BaseSource): string | undefined {
  const v = base.value;
  if (v === undefined) return undefined;
  if (/^https?:\/\//i.test(v) && URL.canParse(v)) return v;
  // "127.0.0.1:4731" is most often meant as http://127.0.0.1:4731.
  const meant = /^[\w.-]+:\d+\/?$/.test(v) || /^\[[\d:a-f]+\]:\d+\/?$/i.test(v) ? `http://${v}` : MOCK_URL;
  throw new UsageError(`${base.from} must be an http(s) URL such as ${meant} (got ${JSON.stringify(v)}). Nothing was sent`);
}
