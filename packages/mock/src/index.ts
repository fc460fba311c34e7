// @monet-ai/mock: a stateful simulator of the Monet AI API for frontend work and tests.

export type { Fault, MockOptions } from "./options.js";
export { type MockServer, startMockServer } from "./server.js";
export { FAIL_MARKER } from "./tasks.js";
