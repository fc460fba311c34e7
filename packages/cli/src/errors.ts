// Errors the CLI raises itself, before any request: exit code 2.
export class UsageError extends Error {
  /** Whether the line ends with "See monet --help." (not for a missing file, say). */
  readonly hint: boolean;
  constructor(message: string, opts: { hint?: boolean } = {}) {
    super(message);
    this.hint = opts.hint ?? true;
  }
}

export const NO_KEY = "no API key. Set MONET_API_KEY=monet_... (get one at https://monet.vision/skills/keys), or use --base-url with the mock.";
