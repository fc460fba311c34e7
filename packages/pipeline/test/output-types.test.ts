// An output whose media type does not fit its step (audit s15 F11): a `text/html` page served as an
// image step's and a video step's output was saved as `.bin` and counted a success, exit 0. Now
// that save fails, naming the type; the file is not kept, and nothing uses it.
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type PipelineEvent, runPipeline } from "../src/index.js";
import { emptyPage, type HostileApi, json, PNG, route, startHostileApi, task } from "./hostile-api.js";

let api: HostileApi;
afterEach(async () => api?.close());

const PIPELINE = `name: types
items:
  - { id: a }
steps:
  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: "p \${{ item.id }}" } }
  clip: { foreach: items, type: video, input: { model: kling-2-6, prompt: "v \${{ item.id }}" } }
`;

/** Both steps succeed; their outputs are served as `served(step)` says. */
const serve = (served: (step: "still" | "clip") => { type: string; body: Uint8Array | string }) =>
  startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.create) return json(res, task(JSON.parse(req.body).type === "image" ? "task_img" : "task_vid", "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get === "task_img") return json(res, task("task_img", "success", [`${a.url}/o/still`]));
    if (r.get === "task_vid") return json(res, task("task_vid", "success", [`${a.url}/o/clip`], "video"));
    if (r.output) {
      const { type, body } = served(req.path === "/o/still" ? "still" : "clip");
      return void res.writeHead(200, type ? { "content-type": type } : {}).end(body);
    }
    json(res, { error: { message: "not found" } }, 404);
  });

const files = () => (fs.readdirSync(api.out, { recursive: true }) as string[]).filter((f) => /^(still|clip)[/\\][^.]/.test(f)).sort();

test("text/html from an image step and a video step: both saves fail naming the type, no file is kept, and a rerun fails the same", async () => {
  api = await serve(() => ({ type: "text/html; charset=utf-8", body: "<script>alert(1)</script>" }));
  const file = api.write("p.yaml", PIPELINE);
  for (const rerun of [false, true]) {
    const events: PipelineEvent[] = [];
    const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50, onEvent: (e) => events.push(e) });
    expect(m.summary, `rerun: ${rerun}`).toEqual({ total: 2, succeeded: 0, failed: 2, skipped: 0 });
    const [still, clip] = m.tasks;
    // What helps is a look at what the URL serves: a rerun fetches the same URL and gets the same.
    expect(still).toMatchObject({ status: "failed", files: [], cause: "wrong-type" });
    expect(clip).toMatchObject({ cause: "wrong-type" });
    expect(events.at(-1)).toMatchObject({ type: "done", next: ["check the output URL"] });
    expect(still.error).toBe(
      'the task succeeded but its output could not be saved: outputs[0] is "text/html", not an image (image/png, image/jpeg, image/webp, image/gif); the file was not kept',
    );
    expect(clip.error).toBe(
      'the task succeeded but its output could not be saved: outputs[0] is "text/html", not a video (video/mp4, video/webm, video/quicktime); the file was not kept',
    );
    expect(files()).toEqual([]);
  }
});

test("a video served for an image step is refused; a body served as bytes only is judged by its first bytes", async () => {
  const MP4 = Buffer.from("000000206674797069736f6d0000020069736f6d", "hex");
  api = await serve((step) => (step === "still" ? { type: "video/mp4", body: MP4 } : { type: "application/octet-stream", body: MP4 }));
  const file = api.write("p.yaml", PIPELINE);
  const m = await runPipeline(file, { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(m.tasks[0].error).toContain('outputs[0] is "video/mp4", not an image');
  expect(m.tasks[1]).toMatchObject({ status: "succeeded", files: [path.join("clip", "a.bin")] });
  await api.close();

  api = await serve((step) => ({ type: "", body: step === "still" ? "<svg onload=alert(1)>" : PNG }));
  const m2 = await runPipeline(api.write("p.yaml", PIPELINE), { client: api.monet, outDir: api.out, pollInterval: 50 });
  expect(m2.tasks[0].error).toContain(`outputs[0] is "untyped" and its first bytes are no image file's, not an image`);
  expect(m2.tasks[1].error).toContain(`outputs[0] is "untyped" and its first bytes are no video file's, not a video`);
  expect(files()).toEqual([]);
});
