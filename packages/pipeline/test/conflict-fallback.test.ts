// A create the API took whose answer was cut off, rerun once its upload expired: the rerun uploads
// the file again (a new URL), so its body differs from the one the API holds under the key, and the
// API answers 409. The journaled body, sent again with the key, returns the task the API has: the
// item is not failed for ever ("create failed"), and not paid twice. (upload-expiry.test's case
// never reached the 409: the mock's upload had no expiry, so the rerun sent the same body.)
import fs from "node:fs";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, journalOf, journalRecords, killedAtCreate, PNG, restylePipe } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPE = restylePipe("conflict", "Restyle ${{ item.id }}");

test("a create cut off, rerun after its upload expired: 409 on the new body, the journaled body returns the API's task", async () => {
  b = await bench(100);
  b.write("refs/a.png", PNG);
  const file = b.write("pipe.yaml", PIPE);
  const killed = killedAtCreate(b);
  await expect(runPipeline(file, { client: killed.client, outDir: b.out, pollInterval: 50, signal: killed.signal })).rejects.toThrow();
  const [taken] = await b.tasks();
  expect(await b.tasks()).toHaveLength(1);

  // A day later: the journaled upload has expired, so the rerun uploads the file again.
  const records = journalRecords(b.out) as { t: string; expires_at?: string }[];
  for (const r of records) if (r.t === "upload") r.expires_at = "2000-01-01T00:00:00.000Z";
  fs.writeFileSync(journalOf(b.out), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);

  const posts = b.requests.length;
  const m = await runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50 });
  const creates = b.requests.slice(posts).filter((r) => r.method === "POST" && r.path === "/api/v1/tasks/async");
  // The new body was refused (the key holds the other one); the journaled one was taken.
  expect(creates.map((r) => r.status)).toEqual([409, 200]);
  expect(m.tasks[0]).toMatchObject({ status: "succeeded", id: taken.id });
  expect(await b.tasks()).toHaveLength(1);
});
