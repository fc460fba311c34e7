// An error the docs quote is the one the code gives today: a reader compares what they see with
// the page. The quick start's example (sora-2 sent the reference's duration of 5) is run through
// the client, the models package and the mock, and each quote must be their words, verbatim.
import fs from "node:fs";
import path from "node:path";
import { Monet } from "@monet-ai/client";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { validateInput } from "@monet-ai/models/validate";
import { afterAll, beforeAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const read = (p: string) => fs.readFileSync(path.join(repoRoot, p), "utf8");
const input = { model: "sora-2", prompt: "A cat", duration: 5 } as const;
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(() => mock?.close());

test("the client's message, as the client README and the quick start quote it", async () => {
  // The check runs before any request: the mock is only where it would have gone.
  const monet = new Monet({ apiKey: "monet_docs_quote", baseUrl: mock.url, maxRetries: 0 });
  const error = await monet.tasks.create({ type: "video", input: input as never }).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  const quoted = `${(error as Error).name}: ${(error as Error).message}`;
  expect(quoted).toMatch(/^InputValidationError: /);
  expect(read("packages/client/README.md")).toContain(quoted);
  expect(read("docs/guides/01-quick-start.md")).toContain((error as Error).message);
});

test("validateInput's issue, as the models README quotes it", () => {
  const [issue] = validateInput("video", input);
  expect(read("packages/models/README.md")).toContain(`message: ${JSON.stringify(issue.message)}`);
});

test("the mock's detail for the field, as the quick start quotes it", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { authorization: "Bearer monet_docs_quote", "content-type": "application/json" },
    body: JSON.stringify({ type: "video", idempotency_key: "quote-1", input }),
  });
  expect(res.status).toBe(422);
  const body = (await res.json()) as { error: { code: string; details: { field: string; message: string }[] } };
  const detail = body.error.details.find((d) => d.field === "input.duration");
  expect(detail).toBeDefined();
  const guide = read("docs/guides/01-quick-start.md");
  expect(guide).toContain(`\`${body.error.code}\``);
  // Up to the docs link, whose site is the mock's own (--docs-url).
  expect(guide).toContain(`\`${detail!.message.slice(0, detail!.message.indexOf("see the docs: ") + "see the docs: ".length)}\``);
  expect(guide).not.toMatch(/the mock answers `422` with\s+the same message/);
});
