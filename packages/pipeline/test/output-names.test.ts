// Output names never collide with another item's: item x's second output was `x-2`, so item x with
// two outputs and an item named x-2 both wrote s/x-2.png, and on a rerun the one's removeOwn
// deleted the other's file. Second outputs are now `x+2` (item names never hold `+`), and a file
// the journal says another item saved is never removed for this one.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const NAMES = {
  name: "names",
  items: [
    { id: "x", p: "first" },
    { id: "x-2", p: "second" },
  ],
  steps: { s: { foreach: "items" as const, type: "image" as const, input: { model: "flux-2-dev", prompt: "${{ item.p }}" } } },
};

/** Item x's task makes two outputs, item x-2's one; each file's bytes say which output it is. */
const serve = () =>
  startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.output) return void res.writeHead(200, { "content-type": "image/png" }).end(Buffer.concat([PNG, Buffer.from(req.path)]));
    if (r.create) return json(res, task(`task_${JSON.parse(req.body).input.prompt}`, "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get) {
      const urls = r.get === "task_first" ? [`${a.url}/o/first-0.png`, `${a.url}/o/first-1.png`] : [`${a.url}/o/second-0.png`];
      return json(res, task(r.get, "success", urls));
    }
    json(res, { error: { message: "not found" } }, 404);
  });

const run = () => runPipeline(NAMES, { client: api.monet, outDir: api.out, pollInterval: 50, concurrency: 1, baseDir: api.dir });
/** Which output each file of s/ holds. */
const holds = () =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(api.out, "s"))
      .sort()
      .map((f) => [
        f,
        fs
          .readFileSync(path.join(api.out, "s", f))
          .subarray(PNG.length)
          .toString(),
      ]),
  );

test("item x's second output and item x-2's output get their own files, kept on a rerun", async () => {
  api = await serve();
  for (const rerun of [false, true]) {
    const m = await run();
    expect(m.summary, `rerun: ${rerun}`).toEqual({ total: 2, succeeded: 2, failed: 0, skipped: 0 });
    expect(m.tasks.map((t) => [t.node, t.files])).toEqual([
      ["s/x", [path.join("s", "x.png"), path.join("s", "x+2.png")]],
      ["s/x-2", [path.join("s", "x-2.png")]],
    ]);
    expect(holds()).toEqual({ "x+2.png": "/o/first-1.png", "x-2.png": "/o/second-0.png", "x.png": "/o/first-0.png" });
  }
  // The rerun downloaded nothing again.
  expect(api.seen.filter((r) => route(r).output)).toHaveLength(3);
});

test("a folder written with the old names: item x-2's rerun never removes the s/x-2.png the journal says item x saved", async () => {
  api = await serve();
  await run();
  // Make the folder what the old naming left: item x's second output saved as s/x-2.png, item
  // x-2's download refused (the file was in its way) after it journaled that it was saving x-2.
  const journal = path.join(api.out, ".pipeline", "journal.jsonl");
  const records = fs
    .readFileSync(journal, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const legacy = records
    .filter((r) => !(r.t === "saved" && r.node === "s/x-2"))
    .map((r) =>
      r.node === "s/x" && r.index === 1 ? { ...r, ...(r.t === "saving" ? { name: "x-2" } : {}), ...(r.t === "saved" ? { path: "s/x-2.png" } : {}) } : r,
    );
  fs.writeFileSync(journal, `${legacy.map((r) => JSON.stringify(r)).join("\n")}\n`);
  fs.rmSync(path.join(api.out, "s", "x-2.png"));
  fs.renameSync(path.join(api.out, "s", "x+2.png"), path.join(api.out, "s", "x-2.png"));

  const m = await run();
  // Item x's second output is fetched again under its name today (a file is kept only under the
  // item's current name), and the old one is left where it is; item x-2 cannot save over it, and says so.
  expect(m.tasks[0]).toMatchObject({ node: "s/x", status: "succeeded", files: [path.join("s", "x.png"), path.join("s", "x+2.png")] });
  expect(m.tasks[1]).toMatchObject({ node: "s/x-2", status: "failed" });
  expect(m.tasks[1].error).toContain(`${path.join(fs.realpathSync(api.out), "s", "x-2.png")} already exists`);
  expect(holds()).toEqual({ "x+2.png": "/o/first-1.png", "x-2.png": "/o/first-1.png", "x.png": "/o/first-0.png" });
});
