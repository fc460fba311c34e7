// The docs build writes nothing the spec says by hand: the sidebar's API group is the spec's own
// tags (a new operation under a new tag appears on the site), and the reference's samples send the
// spec's example values, never a bound (a lowered maximum cannot leave a sample the client refuses).
// Each check runs `decorate` on a copy of the spec edited as a contributor would edit it.
import { expect, test } from "vitest";
import { apiTags, decorate } from "../../scripts/build-docs.mjs";
import { spec } from "../support/spec.ts";

type Sample = { lang: string; source: string };
const copy = () => structuredClone(spec) as any;
const apiGroup = (doc: any): string[] => doc["x-tagGroups"].find((g: { name: string }) => g.name === "API").tags;
const operation = (doc: any, id: string) =>
  Object.values<any>(doc.paths)
    .flatMap((item) => Object.values<any>(item))
    .find((o) => o.operationId === id);
const samples = (doc: any, id: string): Sample[] => operation(doc, id)["x-codeSamples"];

test("the sidebar's API group lists the spec's own tags, in the spec's order", () => {
  expect(apiGroup(decorate(spec))).toEqual(spec.tags.map((t: { name: string }) => t.name));
});

test("an operation under a tag the spec declares anew, or under one it does not declare, gets a page in the sidebar", () => {
  const s = copy();
  s.tags.push({ name: "Account", description: "Credits and usage." });
  s.paths["/api/v1/credits"] = {
    get: {
      operationId: "getCredits",
      tags: ["Account"],
      summary: "Get credit usage",
      parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 12 }, examples: { three: { value: 3 } } }],
      responses: { "200": { description: "Usage." } },
    },
  };
  s.paths["/api/v1/invoices"] = {
    get: { operationId: "listInvoices", tags: ["Billing"], summary: "List invoices", responses: { "200": { description: "Invoices." } } },
  };
  const doc = decorate(s);
  expect(apiGroup(doc)).toEqual([...spec.tags.map((t: { name: string }) => t.name), "Account", "Billing"]);
  expect(apiTags(s)).toEqual(apiGroup(doc));
  // Every operation's tag is in some group, so Redoc shows every operation.
  const grouped = doc["x-tagGroups"].flatMap((g: { tags: string[] }) => g.tags);
  for (const item of Object.values<any>(doc.paths)) for (const op of Object.values<any>(item)) for (const t of op.tags) expect(grouped).toContain(t);
  // Its samples send the parameter's example, not a bound.
  const [curl, ts] = samples(doc, "getCredits");
  expect(curl.source).toContain("/api/v1/credits?limit=3");
  expect(ts.source).toContain('monet.request("getCredits", {"query":{"limit":3}})');
});

/** Every `pageSize` value a listTasks sample sends (`pageSize: 20`, `pageSize=20`). */
const pageSizes = (doc: any) => samples(doc, "listTasks").flatMap((x) => [...x.source.matchAll(/pageSize\W{1,3}(\d+)/g)].map((m) => Number(m[1])));

test("the listTasks samples send the spec's example page and pageSize, and follow a changed maximum", () => {
  const pageSize = spec.components.parameters.PageSize;
  const example = Object.values<any>(pageSize.examples)[0].value;
  expect(pageSizes(decorate(spec))).toEqual([example, example]);

  // A contributor lowers the maximum below the old sample's numbers and picks another example.
  const s = copy();
  const p = s.components.parameters.PageSize;
  p.schema.maximum = 10;
  p.examples = { small: { value: 7 } };
  s.components.parameters.Page.examples = { third: { value: 3 } };
  const doc = decorate(s);
  const sent = pageSizes(doc);
  expect(sent.length).toBeGreaterThan(0);
  for (const n of sent) expect(n, `a listTasks sample sends pageSize ${n}; the spec allows ${p.schema.minimum} to 10`).toBeLessThanOrEqual(10);
  expect(sent).toEqual([7, 7]);
  const [curl, ts] = samples(doc, "listTasks");
  expect(curl.source).toContain("/api/v1/tasks/list?page=3&pageSize=7");
  expect(ts.source).toContain("monet.tasks.list({ page: 3, pageSize: 7 })");
  // No number of the schema (bound or default) is written into a sample by hand.
  for (const x of [curl, ts]) for (const n of [pageSize.schema.maximum, pageSize.schema.default]) expect(x.source).not.toMatch(new RegExp(`\\b${n}\\b`));
});

test("the getTask samples use the spec's example task id", () => {
  const s = copy();
  s.components.parameters.TaskId.examples = { other: { value: "task_from_spec" } };
  const [curl, ts] = samples(decorate(s), "getTask");
  expect(curl.source).toContain("/api/v1/tasks/task_from_spec");
  expect(ts.source).toContain('monet.tasks.get("task_from_spec")');
});
