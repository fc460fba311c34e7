// The one reader of environment variables, for every runtime: Node, Bun and Deno (with
// --allow-env) have `process.env`; browsers and edge runtimes have none (undefined).
export const env = (name: string): string | undefined => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** The API a client talks to when given no baseUrl: MONET_BASE_URL (empty means unset), else Monet's. Read on each call. */
export const defaultBaseUrl = (): string => env("MONET_BASE_URL") || "https://monet.vision";
