// The one reader of environment variables, for every runtime: Node, Bun and Deno (with
// --allow-env) have `process.env`; browsers and edge runtimes have none (undefined).
export const env = (name: string): string | undefined => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
