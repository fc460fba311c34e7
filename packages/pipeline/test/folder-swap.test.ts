// A step folder swapped for a link out while an output downloads (audit s15 F6): the folder was
// checked before the save, then the temporary file was opened by path, so 17 of 300 outputs (and
// their .part files) landed in the folder the link led to. The swap is made here by the output
// host itself, on the request for the output: after the pipeline's check, before the open.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const PIPELINE = `name: swap
items:
  - { id: a }
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "p \${{ item.id }}" } }
`;

test("a step folder swapped for a link out during the download fails that save, naming the folder; nothing lands outside", async () => {
  let swapped = false;
  api = await startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.create) return json(res, task("task_1", "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get === "task_1") return json(res, task("task_1", "success", [`${a.url}/o/a.png`]));
    if (r.output) {
      // A local writer: still/ becomes a link to a folder outside the output folder.
      const still = path.join(a.out, "still");
      if (!swapped) {
        fs.renameSync(still, `${still}.real`);
        fs.symlinkSync(path.join(a.dir, "escape"), still);
        swapped = true;
      }
      return void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    }
    json(res, { error: { message: "not found" } }, 404);
  });
  const outside = path.join(api.dir, "escape");
  fs.mkdirSync(outside);
  const file = api.write("p.yaml", PIPELINE);
  const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(swapped).toBe(true);
  expect(fs.readdirSync(outside)).toEqual([]);
  expect(m.summary).toMatchObject({ total: 1, succeeded: 0, failed: 1 });
  const real = fs.realpathSync(api.out);
  expect(m.tasks[0].error).toContain(
    `the task succeeded but its output could not be saved: refused to save ${api.url}/o/a.png into ${path.join(real, "still")}`,
  );
  expect(m.tasks[0].error).toContain(`a link to ${fs.realpathSync(outside)}, outside ${real}`);
  expect(fs.readdirSync(path.join(api.out, "still.real"))).toEqual([]);
});
