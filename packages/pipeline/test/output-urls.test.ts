// A server's output "URL" never names a local file: a step that "succeeds" with `url: "secrets.env"`
// had its dependent (`images: ["${{ steps.still.outputs[0].url }}"]`) upload that file to the
// server. Now every output URL passes the client's output-URL rule when its task ends, before any
// dependent starts, on reruns too; only text the user wrote names local files.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { PipelineFileError, runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const TEASER = (images = `"\${{ steps.still.outputs[0].url }}"`) => `name: teaser
items:
  - { id: shoe, product: red sneaker }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-2-dev, prompt: "Studio photo of a \${{ item.product }}" }
  clip:
    foreach: items
    type: video
    input: { model: kling-2-6, prompt: "Orbit around the \${{ item.product }}", images: [${images}] }
`;

/** The still "succeeds" with `stillUrl` as its output; the clip with a real one; uploads are answered. */
const serve = (stillUrl: (api: HostileApi) => string) =>
  startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.upload)
      return json(res, { id: "file_1", url: `${a.url}/o/up.png`, filename: "f", size: 1, content_type: "image/png", created_at: "2026-02-27T10:00:00Z" });
    if (r.output) return void res.writeHead(200, { "content-type": req.path.endsWith(".mp4") ? "video/mp4" : "image/png" }).end(PNG);
    if (r.create) return json(res, task(JSON.parse(req.body).type === "image" ? "task_img" : "task_vid", "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get === "task_img") return json(res, task("task_img", "success", [stillUrl(a)]));
    if (r.get === "task_vid") return json(res, task("task_vid", "success", [`${a.url}/o/v.mp4`], "video"));
    json(res, { error: { message: "not found" } }, 404);
  });

const SECRET = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

test.each([
  ["secrets.env", 'refused "secrets.env": not an absolute URL'],
  [".env", 'refused ".env": not an absolute URL'],
  [".git/config", 'refused ".git/config": not an absolute URL'],
  ["out/.pipeline/journal.jsonl", 'refused "out/.pipeline/journal.jsonl": not an absolute URL'],
  ["http://169.254.169.254/latest/meta-data/", "refused http://169.254.169.254/latest/meta-data/: a link-local address"],
])("an output %j fails its step before any dependent runs; no file is uploaded, on a rerun neither", async (url, why) => {
  api = await serve(() => url);
  for (const f of ["secrets.env", ".env", ".git/config"]) api.write(f, SECRET);
  const file = api.write("teaser.yaml", TEASER());
  for (const rerun of [false, true]) {
    const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
    expect(m.summary, `rerun: ${rerun}`).toEqual({ total: 2, succeeded: 0, failed: 1, skipped: 1 });
    const [still, clip] = m.tasks;
    expect(still).toMatchObject({ node: "still/shoe", status: "failed", ended: "success", outputs: [], files: [] });
    expect(still.error).toContain(`task task_img succeeded, but its outputs[0] is not an output URL the pipeline uses: ${why}`);
    expect(clip).toMatchObject({ node: "clip/shoe", status: "skipped", error: "step still, item shoe did not succeed" });
    // Nothing was uploaded, no clip was created, nothing was fetched from the refused URL.
    expect(api.seen.filter((r) => route(r).upload)).toEqual([]);
    expect(api.seen.some((r) => r.body.includes("wJalrXUtnFEMI"))).toBe(false);
    expect(api.seen.filter((r) => route(r).create).map((r) => JSON.parse(r.body).type)).toEqual(["image"]);
    expect(fs.existsSync(path.join(api.out, "manifest.json"))).toBe(true);
    // Not journaled as a finished task: the rerun asked the server again (and was refused again).
    expect(fs.readFileSync(path.join(api.out, ".pipeline", "journal.jsonl"), "utf8")).not.toContain('"t":"final"');
    expect(api.seen.filter((r) => route(r).get === "task_img")).toHaveLength(rerun ? 2 : 1);
  }
});

test("a journal of an earlier version that kept such an output: the rerun refuses it too, and uploads nothing", async () => {
  api = await serve((a) => `${a.url}/o/still.png`);
  api.write("secrets.env", SECRET);
  const file = api.write("teaser.yaml", TEASER());
  const first = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(first.summary.succeeded).toBe(2);
  // What an earlier version journaled when the server said the still's output was secrets.env.
  const journal = path.join(api.out, ".pipeline", "journal.jsonl");
  const lines = fs
    .readFileSync(journal, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const edited = lines.map((r) => (r.t === "final" && r.node === "still/shoe" ? { ...r, outputs: ["secrets.env"] } : r));
  fs.writeFileSync(journal, `${edited.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(m.tasks[0]).toMatchObject({ node: "still/shoe", status: "failed", reused: true, outputs: [] });
  expect(m.tasks[0].error).toContain('its outputs[0] is not an output URL the pipeline uses: refused "secrets.env": not an absolute URL');
  expect(m.tasks[1].status).toBe("skipped");
  expect(api.seen.filter((r) => route(r).upload)).toEqual([]);
});

test("an output URL on the API's own origin passes: the clip gets it as a URL, nothing is uploaded", async () => {
  api = await serve((a) => `${a.url}/o/still.png`);
  const file = api.write("teaser.yaml", TEASER());
  const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(m.summary.succeeded).toBe(2);
  expect(m.tasks[1].input!.images).toEqual([`${api.url}/o/still.png`]);
  expect(api.seen.filter((r) => route(r).upload)).toEqual([]);
});

test("text written around an output reference never makes it a local path: refused before anything is sent", async () => {
  // "./https://h/../../secrets.env" is the file secrets.env: a server's URL made into a path.
  api = await serve((a) => `${a.url}/../../secrets.env`);
  api.write("secrets.env", SECRET);
  const file = api.write("teaser.yaml", TEASER(`"./\${{ steps.still.outputs[0].url }}"`));
  const err = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 }).catch((e) => e);
  expect(err).toBeInstanceOf(PipelineFileError);
  expect(err.issues).toEqual([
    expect.objectContaining({
      step: "clip",
      item: "shoe",
      field: "images[0]",
      message: expect.stringContaining("step clip, item shoe: input.images[0] is made from an output of step still, so it must be an absolute http(s) URL"),
    }),
  ]);
  expect(api.seen).toEqual([]);
});
