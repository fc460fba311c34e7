// An operation of the spec the mock does not simulate answers its documented example whatever
// the request (a cancel of any id returns the example's task): plausible for a frontend, but it
// must not pass for a simulation. Each such answer carries EXAMPLE_HEADER (exposed to pages by
// CORS_HEADERS), and the first answer of each operation logs notSimulatedLine.
import { operations } from "./generated/operations.gen.js";

/** The header on every answer that is the spec's example rather than a simulation. */
export const EXAMPLE_HEADER = { "x-monet-mock": "example" } as const;

/** The console's one line for an operation answered with its example (by operationId). */
export function notSimulatedLine(op: keyof typeof operations): string {
  const { method, path } = operations[op];
  return `monet-mock: ${op} (${method} ${path}) is not simulated: it answers the spec's documented success response whatever the request (header X-Monet-Mock: example); to simulate it, add a case to packages/mock/src/server.ts`;
}
