// The reference's own quick start (sora-2 with duration 5) is what users copy first, and it is
// refused: the client's error and the mock's 422 both point to the docs section that explains
// why. The pointer is the spec's `x-monet-docs` on the field, and that section exists.
import fs from "node:fs";
import path from "node:path";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { InputValidationError, Monet } from "../src/index.js";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;

const root = path.resolve(import.meta.dirname, "../../..");
const ROUTE = "quick-start/why-duration-10-not-5";
// The request body of the reference's quick start, as printed there.
// The docs site the spec names (its root's externalDocs), where .github/workflows/docs.yml deploys
// the site (GitHub Pages of monet-ai/monet-sdk).
const DOCS_SITE = "https://monet-ai.github.io/monet-sdk/";
const QUICK_START = { type: "video", input: { model: "sora-2", prompt: "A cat running in the park", duration: 5, aspect_ratio: "16:9" } } as const;

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, docsUrl: "http://127.0.0.1:4999/docs/" });
});
afterAll(() => mock?.close());

test("the client refuses it before sending, naming the field and the docs section", async () => {
  const sent: string[] = [];
  const monet = new Monet({
    apiKey: "monet_docs_test",
    baseUrl: mock.url,
    fetch: (async (u: string) => {
      sent.push(String(u));
      return new Response("{}");
    }) as unknown as typeof fetch,
  });
  // @ts-expect-error duration 5 is not a sora-2 duration (TypeScript says so too)
  const e = await monet.tasks.create(QUICK_START).catch((x) => x);
  expect(e).toBeInstanceOf(InputValidationError);
  // An absolute link: a bare "#/..." would resolve against the app's own page (or mean nothing in a terminal).
  expect(e.message).toBe(`Invalid input: input.duration must be one of ${SORA_DURATION.join(", ")} (got 5); see the docs: ${DOCS_SITE}#/${ROUTE}`);
  expect(sent).toEqual([]);
});

test("the mock's 422 names the field and links the section on its docs site", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { authorization: "Bearer monet_docs_test", "content-type": "application/json" },
    body: JSON.stringify({ ...QUICK_START, idempotency_key: "docs-pointer-1" }),
  });
  expect(res.status).toBe(422);
  const body = await res.json();
  expect(body.error.message).toBe(`input.duration must be one of ${SORA_DURATION.join(", ")} (got 5); see the docs: http://127.0.0.1:4999/docs/#/${ROUTE}`);
  expect(body.error.details).toEqual([{ field: "input.duration", message: body.error.message }]);
});

test("other fields, and other models' durations, carry no pointer", async () => {
  const monet = new Monet({ apiKey: "monet_docs_test", baseUrl: mock.url });
  // @ts-expect-error on purpose
  const e = await monet.tasks.create({ type: "video", input: { model: "sora-2", prompt: "x", aspect_ratio: "4:3" } }).catch((x) => x);
  expect(e.message).not.toContain("#/");
  // @ts-expect-error on purpose
  const f = await monet.tasks.create({ type: "video", input: { model: "sora-2-pro", prompt: "x", duration: 5 } }).catch((x) => x);
  expect(f.message).not.toContain("#/");
});

/** A heading's id in the docs site (Redoc's slug: lowercase, runs of other characters to one dash). */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

test("every x-monet-docs of the spec is a section of a guide (the quick start's among them)", () => {
  const spec = fs.readFileSync(path.join(root, "openapi/dist/openapi.yaml"), "utf8");
  const routes = [...spec.matchAll(/x-monet-docs: (\S+)/g)].map((m) => m[1]);
  expect(routes).toContain(ROUTE);
  const dir = path.join(root, "docs/guides");
  const sections = new Set(
    fs.readdirSync(dir).flatMap((f) => {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      const page = slug(text.match(/^# (.+)$/m)![1]);
      return [...text.matchAll(/^## (.+)$/gm)].map((h) => `${page}/${slug(h[1])}`);
    }),
  );
  for (const r of routes) expect(sections, r).toContain(r);
});

test("the docs site the client links is the spec's externalDocs, where the docs deploy", () => {
  const spec = JSON.parse(fs.readFileSync(path.join(root, "openapi/dist/openapi.json"), "utf8"));
  expect(spec.externalDocs.url).toBe(DOCS_SITE);
  expect(fs.readFileSync(path.join(root, ".github/workflows/docs.yml"), "utf8")).toContain("actions/deploy-pages");
  // GitHub Pages of the repository the packages name: https://<owner>.github.io/<name>/
  const repo = JSON.parse(fs.readFileSync(path.join(root, "packages/client/package.json"), "utf8")).repository.url as string;
  const [, owner, name] = /github\.com\/([^/]+)\/([^/.]+)/.exec(repo)!;
  expect(DOCS_SITE).toBe(`https://${owner}.github.io/${name}/`);
});
