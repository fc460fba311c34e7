// An image step's output served as `text/html` fails its save (the pipeline refuses the type), and
// the summary used to close with "Run the same command again to retry...": a rerun fetches the same
// URL, gets the same page and fails the same way. Now the manifest marks it (cause wrong-type), the
// `done` event's next step is "check the output URL", and the summary says what to look at instead.
// The real CLI, as a subprocess, against a lying API on loopback, started and stopped here.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { emptyPage, type HostileApi, json, route, startHostileApi, task } from "../../pipeline/test/hostile-api.ts";
import { monet as run } from "./run.ts";

let api: HostileApi;

beforeAll(async () => {
  api = await startHostileApi((req, res, a) => {
    const r = route(req);
    if (r.create) return json(res, task("task_html", "pending"));
    if (r.list) return json(res, emptyPage);
    if (r.get) return json(res, task(r.get, "success", [`${a.url}/o/still`]));
    if (r.output) return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>please log in</html>");
    json(res, { error: { message: "not found" } }, 404);
  });
  api.write("one.yaml", "name: html\nitems: [{ id: a }]\nsteps:\n  still: { foreach: items, type: image, input: { model: flux-2-dev, prompt: a kite } }\n");
});
afterAll(async () => api?.close());

const monet = (args: string[]) => run(args, { cwd: api.dir, env: { MONET_API_KEY: "monet_cli_pipeline_html", MONET_BASE_URL: api.url } });

test("an output refused for its media type: the advice is to check what its URL serves, not to run the same command again", async () => {
  const r = await monet(["pipeline", "run", "one.yaml", "--out", "out"]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain("1 task: 0 succeeded, 1 failed, 0 skipped.");
  expect(r.stderr).toContain('outputs[0] is "text/html", not an image');
  expect(r.stderr).toContain(
    "1 output was not the media its step makes (each error names the type the host served): the same command fetches the same URL and is refused the same way while the host serves that. Open the output URL from the manifest:",
  );
  expect(r.stderr).not.toContain("Run the same command again");
  const m = JSON.parse(fs.readFileSync(path.join(api.dir, "out", "manifest.json"), "utf8"));
  expect(m.tasks[0]).toMatchObject({ status: "failed", cause: "wrong-type", ended: "success", outputs: [`${api.url}/o/still`] });

  // The --json stream's last event says the same to a program; the rerun did not create the task again.
  const creates = api.seen.filter((s) => route(s).create).length;
  const again = await monet(["--json", "pipeline", "run", "one.yaml", "--out", "out"]);
  expect(again.code, again.stderr).toBe(1);
  const events = again.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(events.find((e) => e.type === "task" && e.status === "failed")).toMatchObject({ cause: "wrong-type" });
  expect(events.at(-1)).toMatchObject({ type: "done", next: ["check the output URL"] });
  expect(api.seen.filter((s) => route(s).create).length).toBe(creates);
});
