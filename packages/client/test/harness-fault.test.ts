// The harness's fault() against the real mock: a fault the mock does not offer throws, so a test
// that asked for one fails instead of running without it (retry.test.ts's 408 as a server-error
// passed or failed by how fast the mock's task finished, testing nothing).
import { afterEach, expect, test } from "vitest";
import { type Harness, harness } from "./helpers.js";

let h: Harness | undefined;
afterEach(() => h?.close());

test("fault() throws when the mock refuses the fault, and stores nothing", async () => {
  h = await harness();
  // server-error takes 500, 502, 503 and 504 only (a 408 is a status fault).
  await expect(h.fault({ kind: "server-error", status: 408 } as never)).rejects.toThrow(/refused the fault.*422/);
  const listed = await (await fetch(`${h.mock.url}/__mock/faults`)).json();
  expect(listed.faults).toEqual([]);
});

test("fault() resolves when the mock stores the fault", async () => {
  h = await harness();
  await h.fault({ kind: "server-error", status: 503, times: 1 });
  const listed = await (await fetch(`${h.mock.url}/__mock/faults`)).json();
  expect(listed.faults).toHaveLength(1);
});
