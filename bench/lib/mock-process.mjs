// The stateful mock in its own process, for the throughput bench.
import { startMockServer } from "@monet-ai/mock";

const server = await startMockServer({ port: 0, taskDuration: Number(process.argv[2] ?? 60_000) });
process.send?.({ port: server.port ?? Number(new URL(server.url).port) });
process.on("disconnect", () => server.close().then(() => process.exit(0)));
