// A pipeline's local media uploaded while another process swaps a folder on their path for a link
// out of the pipeline's folder and back (the race of audit s10 F5, here for `images`): what is
// hashed and uploaded must be the file inside, or nothing. Checking the path and then opening it
// again by path (to hash it, then to upload it) sent the private file now and then; the upload now
// streams from one descriptor checked to be inside the pipeline's folder (openedInside).
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type HostileApi, json, PNG, route, startHostileApi, within } from "./hostile-api.js";
import { startSwapping } from "./racer.js";

const TRIES = 300;
let api: HostileApi;
let racer: ChildProcess | undefined;
afterEach(async () => {
  racer?.kill();
  await api?.close();
});

const PIPE = `name: media-race
steps:
  s: { type: image, input: { model: flux-kontext-pro, prompt: restyle, images: [./sub/a.png] } }
`;

test(`${TRIES} runs uploading ./sub/a.png while a folder on its path is swapped for a link out: none uploads the file outside`, async () => {
  const received = { PUBLIC: 0, PRIVATE: 0 };
  api = await startHostileApi((req, res) => {
    const r = route(req);
    for (const k of ["PUBLIC", "PRIVATE"] as const) if (req.body.includes(k)) received[k]++;
    if (r.upload)
      return json(res, {
        id: "file_1",
        url: "https://files.example/a.png",
        filename: "a.png",
        size: 1,
        content_type: "image/png",
        created_at: "2026-02-27T10:00:00Z",
      });
    // The create is refused: each run ends right after its upload, and nothing needs watching.
    if (r.create) return json(res, { error: { code: "invalid_request", message: "refused by the test" } }, 400);
    return json(res, { error: { code: "not_found", message: "no" } }, 404);
  });
  const dir = fs.realpathSync(api.dir);
  const base = path.join(dir, "pipeline");
  fs.mkdirSync(path.join(base, "sub"), { recursive: true });
  fs.mkdirSync(path.join(dir, "private"));
  // Both of one size: a file that changes size under a Blob being sent is another failure.
  fs.writeFileSync(path.join(base, "sub/a.png"), Buffer.concat([PNG, Buffer.from("PUBLIC!")]));
  fs.writeFileSync(path.join(dir, "private/a.png"), Buffer.concat([PNG, Buffer.from("PRIVATE")]));
  const file = path.join(base, "p.yaml");
  fs.writeFileSync(file, PIPE);
  let n = 0;
  const run = async () => {
    try {
      const m = await within(runPipeline(file, { client: api.monet, outDir: path.join(dir, `out-${n++}`), pollInterval: 50 }), 30_000, "a run");
      return m.tasks[0].error ?? "succeeded";
    } catch (e) {
      return `threw: ${(e as Error).message}`;
    }
  };
  // Control: with nobody racing, the file inside is uploaded (then the create is refused).
  expect(await run()).toMatch(/^create failed: /);
  expect(received).toEqual({ PUBLIC: 1, PRIVATE: 0 });

  racer = startSwapping(dir, "pipeline/sub", "../private");
  const answers = new Map<string, number>();
  for (let i = 0; i < TRIES; i++) {
    const got = (await run()).replaceAll(dir, "<dir>").replace(/^create failed: .*/, "create failed");
    answers.set(got, (answers.get(got) ?? 0) + 1);
  }
  racer.kill();
  expect(received.PRIVATE, JSON.stringify([...answers])).toBe(0);
  // Every other answer is an upload of the file inside (then the refused create) or a worded refusal naming images[0].
  for (const a of answers.keys()) expect(a).toMatch(/^create failed$|images\[0\]/);
}, 180_000);

test("a local file that is not a media file by its name or by its first bytes is refused, naming the field; nothing of it is uploaded", async () => {
  api = await startHostileApi((req, res) => {
    if (route(req).create) return json(res, { error: { code: "invalid_request", message: "refused by the test" } }, 400);
    return json(res, { error: { code: "not_found", message: "no" } }, 404);
  });
  fs.writeFileSync(path.join(api.dir, ".env"), "AWS_SECRET=SECRET\n");
  fs.writeFileSync(path.join(api.dir, "key.png"), "SECRET, not a PNG\n");
  const pipe = (img: string) =>
    fs.writeFileSync(
      path.join(api.dir, "p.yaml"),
      `name: kinds\nsteps:\n  s: { type: image, input: { model: flux-kontext-pro, prompt: x, images: [${img}] } }\n`,
    );
  pipe("./.env");
  await expect(runPipeline(path.join(api.dir, "p.yaml"), { client: api.monet, outDir: api.out })).rejects.toThrow(
    /images\[0\] is a local file that is not an image, video or audio file: only \.png.* are uploaded \(got "\.\/\.env"\)/,
  );
  expect(api.seen).toEqual([]);
  pipe("./key.png");
  // By its first bytes too, before any request (run-media.test.ts), as a dry run does.
  await expect(runPipeline(path.join(api.dir, "p.yaml"), { client: api.monet, outDir: api.out })).rejects.toThrow(
    `step s: input.images[0] is a local file that does not look like image/png (its first bytes are not that format's signature): "./key.png"`,
  );
  expect(api.seen).toEqual([]);
});
