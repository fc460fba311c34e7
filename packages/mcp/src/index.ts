// monet-mcp: a Model Context Protocol server on stdio for Monet AI. Environment: MONET_API_KEY,
// MONET_BASE_URL, MONET_MCP_ROOTS (folders upload_file may read when the client declares no
// roots), MONET_POLL_INTERVAL (ms, 1000..60000), MONET_MCP_MAX_WAIT (ms a call that asks the API takes before answering), MONET_MCP_ALLOW_HTTP=1
// (plain http:// to a host that is not local), MONET_LOG=debug (lines on stderr).
import { readFileSync } from "node:fs";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ALLOW_HTTP, checkBaseUrl, parsePollInterval } from "./env-settings.js";
import { redactor } from "./redact.js";
import { parseEnvRoots } from "./roots.js";
import { createServer } from "./server.js";
import { stderrLines } from "./stderr-line.js";
import { parseMaxWait } from "./wait-budget.js";

const env = process.env;
const redact = redactor(env.MONET_API_KEY);
// stdout is the protocol; anything for people goes to stderr, without the key, escaped (stderr-line.ts).
const log = stderrLines(redact);
const { roots, ignored } = parseEnvRoots(env.MONET_MCP_ROOTS);
if (ignored.length) log(`monet-mcp: MONET_MCP_ROOTS entries must be absolute paths; ignored ${ignored.join(", ")}`);

const maxWait = parseMaxWait(env.MONET_MCP_MAX_WAIT);
if (maxWait.ignored) log(`monet-mcp: ${maxWait.ignored}`);
const poll = parsePollInterval(env.MONET_POLL_INTERVAL);
if (poll.ignored) log(`monet-mcp: ${poll.ignored}`);
const base = checkBaseUrl(env.MONET_BASE_URL, env[ALLOW_HTTP]);
if (base.problem) log(`monet-mcp: ${base.problem}`);

const server = createServer({
  apiKey: env.MONET_API_KEY || undefined,
  baseUrl: env.MONET_BASE_URL || undefined,
  pollInterval: poll.ms,
  baseUrlProblem: base.problem,
  maxWait: maxWait.ms,
  roots,
  log: env.MONET_LOG === "debug" ? log : undefined,
  warn: log,
  // serverInfo.version, read at run time as the CLI's --version: a release's version bump reaches it.
  version: (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version,
});
await server.connect(new StdioServerTransport());
// The client closing our stdin is MCP's way to end a stdio session: the server closes, which stops
// the pipeline runs it started (the SDK's transport does not watch for it).
process.stdin.once("end", () => void server.close());
