// Debug logging, off by default: on with `logLevel: "debug"` or MONET_LOG=debug. Lines carry
// method, path, status, timing and retries; never bodies, prompts, URLs with query or keys (a key
// a server put into a path or an error message is redacted here, the one way out).
import { env } from "./env.js";

export interface Logger {
  debug(message: string): void;
}

export function makeLogger(level: string | undefined, logger: Logger | undefined, redact: (s: string) => string): Logger | undefined {
  if ((level ?? env("MONET_LOG")) !== "debug") return undefined;
  const out = logger ?? console;
  return { debug: (m) => out.debug(`[monet] ${redact(m)}`) };
}
