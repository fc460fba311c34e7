// A mistyped field is refused before sending with the closest field named; a mistyped model id is
// sent (it may be a model newer than this SDK) and the mock's 422 names the closest id, as
// input.model. The typos are those of the new user's audit (s17, F6).
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { InputValidationError, Monet, UnprocessableEntityError } from "../src/index.js";

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(() => mock?.close());

const client = (sent: string[]) =>
  new Monet({
    apiKey: "monet_did_you_mean",
    baseUrl: mock.url,
    maxRetries: 0,
    fetch: ((u: string, init: RequestInit) => {
      sent.push(String(u));
      return fetch(u, init);
    }) as typeof fetch,
  });

test("input.image: did you mean images? Nothing is sent", async () => {
  const sent: string[] = [];
  // Held in a variable, as an app passes data it read: TypeScript checks no extra field there.
  const input = { model: "kling-2-6", prompt: "a cat", image: "https://example.com/a.png" };
  const e = await client(sent)
    .tasks.create({ type: "video", input })
    .catch((x) => x);
  expect(e).toBeInstanceOf(InputValidationError);
  expect(e.message).toMatch(/^Invalid input: input\.image is not a field of kling-2-6 \(did you mean images\?\); its fields are /);
  expect(sent).toEqual([]);
});

test("model kling-26 goes to the API, whose 422 names input.model and kling-2-6", async () => {
  const sent: string[] = [];
  const e = await client(sent)
    .tasks.create({ type: "video", input: { model: "kling-26", prompt: "a cat" } })
    .catch((x) => x);
  expect(sent).toHaveLength(1);
  expect(e).toBeInstanceOf(UnprocessableEntityError);
  expect(e.message).toMatch(/input\.model must be a video model \(did you mean kling-2-6\?\): one of /);
});
