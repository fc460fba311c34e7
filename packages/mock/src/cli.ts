// monet-mock: serve the simulator on localhost for frontend work.
import { parseArgs } from "node:util";
import {
  DEFAULT_FILE_LIFETIME,
  DEFAULT_MAX_STORED_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_TASK_DURATION,
  DEFAULT_UPLOAD_IDLE_TIMEOUT,
  inMiB,
} from "./config.js";
import type { MockOptions } from "./options.js";
import { isWildcard } from "./request-origin.js";
import { startMockServer } from "./server.js";

const HELP = `monet-mock [options]

A stateful simulator of the Monet AI API, for development only. Any key starting with monet_ is
accepted. Put [fail] in a prompt to get a failed task, or inject one (any model, any error code)
with POST /__mock/faults {"kind":"task-failed"}. Control endpoints: see the package README.

  --port 4020              (env MONET_MOCK_PORT; 0 picks a free port)
  --host 127.0.0.1
  --task-duration ms       from creation to success (default ${DEFAULT_TASK_DURATION})
  --file-lifetime ms       how long uploads live (default ${DEFAULT_FILE_LIFETIME}, the API's)
  --rate-limit 20/s        a steady limit per API key (also /min, /h): 429 with Retry-After
  --rate-burst N           requests allowed at once after a quiet spell (default: one second's worth)
  --max-upload-bytes N     the largest upload (default ${inMiB(DEFAULT_MAX_UPLOAD_BYTES)}; KiB/MiB/GiB suffixes work)
  --max-stored-bytes N     all uploads together, past it the biggest key's oldest evicted (default ${inMiB(DEFAULT_MAX_STORED_BYTES)})
  --max-files N            stored uploads, past it the biggest key's oldest evicted (default 10000)
  --max-tasks N            stored tasks, past it the biggest key's oldest evicted (default 100000)
  --upload-idle-timeout ms an upload that sends nothing this long gets 408 (default ${DEFAULT_UPLOAD_IDLE_TIMEOUT})
  --allowed-host NAME      another Host name the control API answers to (repeatable)
  --public-url URL         the origin written into file and output URLs
  --docs-url URL           where the root page links to the docs (default http://127.0.0.1:4000)
  --seed S                 task, upload and request ids from this seed and the order of requests
  --now 2026-01-01T00:00:00Z  stop the clock at this time: it and tasks move only when advanced
                           (POST /__mock/advance {"ms":N}, POST /__mock/tasks/{id}/advance {"to":"success"})
  --quiet                  no request log`;

function fail(message: string): never {
  console.error(`monet-mock: ${message}\nRun monet-mock --help for the options.`);
  process.exit(2);
}

const units: Record<string, number> = { "": 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
/** A whole number, with an optional KiB/MiB/GiB suffix for sizes. */
function count(flag: string, value: string | undefined, sizes = false): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m && (sizes ? units[m[2].toLowerCase()] : m[2] === "" ? 1 : undefined);
  if (!m || !unit) fail(`--${flag} must be a whole number${sizes ? " of bytes (or with KiB, MiB, GiB)" : ""} (got ${JSON.stringify(value)})`);
  return Number(m[1]) * unit;
}

const OPTIONS = {
  port: { type: "string", default: process.env.MONET_MOCK_PORT ?? "4020" },
  host: { type: "string", default: "127.0.0.1" },
  "task-duration": { type: "string" },
  "file-lifetime": { type: "string" },
  "rate-limit": { type: "string" },
  "rate-burst": { type: "string" },
  "max-upload-bytes": { type: "string" },
  "max-stored-bytes": { type: "string" },
  "max-files": { type: "string" },
  "max-tasks": { type: "string" },
  "upload-idle-timeout": { type: "string" },
  "allowed-host": { type: "string", multiple: true },
  "public-url": { type: "string" },
  "docs-url": { type: "string" },
  seed: { type: "string" },
  now: { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
try {
  ({ values } = parseArgs({ options: OPTIONS }));
} catch (e) {
  fail((e as Error).message);
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

if (values["rate-burst"] !== undefined && values["rate-limit"] === undefined) fail("--rate-burst needs --rate-limit (such as --rate-limit 20/s)");
const rate = values["rate-limit"];
const options: MockOptions = {
  port: count("port", values.port),
  host: values.host,
  taskDuration: count("task-duration", values["task-duration"]),
  fileLifetime: count("file-lifetime", values["file-lifetime"]),
  rateLimit: rate === undefined ? undefined : { rate, burst: count("rate-burst", values["rate-burst"]) },
  maxUploadBytes: count("max-upload-bytes", values["max-upload-bytes"], true),
  maxStoredBytes: count("max-stored-bytes", values["max-stored-bytes"], true),
  maxFiles: count("max-files", values["max-files"]),
  maxTasks: count("max-tasks", values["max-tasks"]),
  uploadIdleTimeout: count("upload-idle-timeout", values["upload-idle-timeout"]),
  allowedHosts: values["allowed-host"],
  publicUrl: values["public-url"],
  docsUrl: values["docs-url"],
  seed: values.seed,
  now: values.now,
  logger: values.quiet ? undefined : (line) => console.log(line),
};

const FLAGS: Record<string, string> = {
  rateLimit: "--rate-limit",
  "rateLimit.burst": "--rate-burst",
  maxUploadBytes: "--max-upload-bytes",
  maxStoredBytes: "--max-stored-bytes",
  maxFiles: "--max-files",
  maxTasks: "--max-tasks",
  uploadIdleTimeout: "--upload-idle-timeout",
  allowedHosts: "--allowed-host",
  publicUrl: "--public-url",
  docsUrl: "--docs-url",
  taskDuration: "--task-duration",
  fileLifetime: "--file-lifetime",
  seed: "--seed",
  now: "--now",
};

try {
  const server = await startMockServer(options);
  console.log(`Monet mock API on ${server.url} (use any monet_... key)`);
  if (isWildcard(new URL(server.url).hostname))
    console.warn(
      `monet-mock: warning: listening on every interface, so anyone on your network can use this mock (any monet_ key is accepted); ${
        options.publicUrl
          ? `file and output URLs use ${options.publicUrl}.`
          : `file and output URLs follow each request's Host (loopback when it is not a plain host[:port]): pass --public-url http://<this machine's address>:${server.port} to fix them.`
      }`,
    );
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`monet-mock: port ${values.port} is in use. Pick another with --port or MONET_MOCK_PORT.`);
    process.exit(1);
  }
  // An option the server refused: say it with the flag's name.
  if (e instanceof TypeError) {
    const [name, ...rest] = e.message.split(" ");
    fail(`${FLAGS[name] ?? name} ${rest.join(" ")}`);
  }
  throw e;
}
