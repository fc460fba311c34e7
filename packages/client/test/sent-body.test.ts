// What is checked is what is sent: the request is serialised once, the parsed-back copy is
// validated, and those exact bytes go out, so a `toJSON` or a getter cannot smuggle a value past
// the check. Runs against the built package and a loopback server that records every request.
import { afterEach, expect, test } from "vitest";
import { type Hostile, json, startHostile } from "../../../test/support/hostile.js";
import { InputValidationError, Monet } from "../dist/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

// toJSON on the prototype: not an own field, so the object itself looks like a valid input.
const sneaky = (sent: object) => Object.assign(Object.create({ toJSON: () => sent }), { model: "flux-2-dev", prompt: "a cat" });

// What the server received (nothing, for every refusal).
const received = () => server?.seen ?? [];

async function client() {
  server = await startHostile((_req, res) => json(res, 200, { id: "task_1", type: "image", status: "pending", created_at: "2026-01-01T00:00:00Z" }));
  return new Monet({ apiKey: "monet_test", baseUrl: server.url, maxRetries: 0 });
}

test("an input whose toJSON turns it invalid is refused, naming the field; nothing is sent", async () => {
  const monet = await client();
  const input = sneaky({ model: "flux-2-dev", prompt: "a cat", aspect_ratio: "999:1" });
  const err = await monet.tasks.create({ type: "image", input }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/input\.aspect_ratio must be one of 1:1, .* \(got "999:1"\)/);
  expect(received()).toHaveLength(0);
});

test("a getter that is valid whenever read, except while being serialised, is refused; nothing is sent", async () => {
  const monet = await client();
  const input = { model: "flux-2-dev" } as Record<string, unknown>;
  const serialising = () => /JSON\.stringify/.test(new Error().stack ?? "");
  Object.defineProperty(input, "prompt", { enumerable: true, get: () => (serialising() ? 42 : "a cat") });
  // @ts-expect-error a getter-backed input on purpose
  const err = await monet.tasks.create({ type: "image", input }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/input\.prompt must be text \(got 42\)/);
  expect(received()).toHaveLength(0);
});

test("a getter that changes on its second read is refused; nothing is sent", async () => {
  const monet = await client();
  let reads = 0;
  const input = { model: "flux-2-dev" } as Record<string, unknown>;
  Object.defineProperty(input, "prompt", { enumerable: true, get: () => (++reads === 1 ? "a cat" : 42) });
  // @ts-expect-error a getter-backed input on purpose
  const err = await monet.tasks.create({ type: "image", input }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/input\.prompt must be text \(got 42\)/);
  expect(reads).toBeGreaterThan(1);
  expect(received()).toHaveLength(0);
});

test("a valid input is sent as exactly the bytes that were checked, once", async () => {
  const monet = await client();
  let reads = 0;
  const input = { model: "flux-2-dev" } as Record<string, unknown>;
  // Valid on every read, but different: what went out must be one of them, and checked.
  Object.defineProperty(input, "prompt", { enumerable: true, get: () => `cat ${++reads}` });
  // @ts-expect-error a getter-backed input on purpose
  await monet.tasks.create({ type: "image", input, idempotency_key: "key-1" });
  expect(received()).toHaveLength(1);
  const sent = JSON.parse(received()[0].body);
  expect(sent).toEqual({ type: "image", input: { model: "flux-2-dev", prompt: sent.input.prompt }, idempotency_key: "key-1" });
  expect(sent.input.prompt).toMatch(/^cat \d$/);
});

test("an idempotency_key that is not a string is refused before sending", async () => {
  const monet = await client();
  // @ts-expect-error a number on purpose
  const err = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a" }, idempotency_key: 123 }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/idempotency_key must be a non-empty string/);
  expect(received()).toHaveLength(0);
});

test("the stream sends the checked bytes too (same attack, same refusal)", async () => {
  const monet = await client();
  const input = sneaky({ model: "sora-2", prompt: "a cat" });
  const run = async () => {
    for await (const _ of monet.tasks.stream({ type: "image", input })) void _;
  };
  const err = await run().catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(/sora-2 is a video model/);
  expect(received()).toHaveLength(0);
});

// A valid input is checked once, as sent; a refused one is named by what the caller gave, which
// JSON would have changed or could not write.
test.each([
  ["a NaN, sent as null", { duration: Number.NaN }, /input\.duration .*\(got NaN\)/],
  ["a BigInt, which JSON cannot write", { duration: 5n }, /input\.duration /],
  ["an object that holds itself, which JSON cannot write", "cycle", /input\.prompt must be text/],
])("a refused input is named by the caller's own value: %s; nothing is sent", async (_, extra, message) => {
  const monet = await client();
  const input: Record<string, unknown> = { model: "kling-v2-1", prompt: "a cat" };
  if (extra === "cycle") input.prompt = { self: input };
  else Object.assign(input, extra);
  // @ts-expect-error values no input type allows, on purpose
  const err = await monet.tasks.create({ type: "video", input }).catch((e) => e);
  expect(err).toBeInstanceOf(InputValidationError);
  expect(err.message).toMatch(message);
  expect(received()).toHaveLength(0);
});
