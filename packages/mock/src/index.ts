// @monet-ai/mock: a stateful simulator of the Monet AI API for frontend work and tests.
export { startMockServer, type MockServer } from "./server.js";
export type { MockOptions, Fault } from "./options.js";
export { FAIL_MARKER } from "./tasks.js";
