// monet-mock: serve the simulator on localhost for frontend work.
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.MONET_MOCK_PORT ?? "4020" },
    host: { type: "string", default: "127.0.0.1" },
    "task-duration": { type: "string", default: "5000" },
    "file-lifetime": { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(`monet-mock [--port 4020] [--host 127.0.0.1] [--task-duration 5000] [--file-lifetime ms] [--quiet]

A stateful simulator of the Monet AI API. Any key starting with monet_ is accepted.
Put [fail] in a prompt to get a failed task. Control endpoints: see the package README.`);
  process.exit(0);
}

try {
  const server = await startMockServer({
    port: Number(values.port),
    host: values.host,
    taskDuration: Number(values["task-duration"]),
    fileLifetime: values["file-lifetime"] ? Number(values["file-lifetime"]) : undefined,
    logger: values.quiet ? undefined : (line) => console.log(line),
  });
  console.log(`Monet mock API on ${server.url} (use any monet_... key)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (e) {
  if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`monet-mock: port ${values.port} is in use. Pick another with --port or MONET_MOCK_PORT.`);
    process.exit(1);
  }
  throw e;
}
