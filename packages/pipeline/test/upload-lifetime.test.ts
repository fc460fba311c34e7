// The API deletes an upload 24 hours after it (the reference), and its answer says no expires_at.
// The run journaled such an upload without one and reused it for ever: a create a day later (a
// --retry-failed, a new item using the file) sent a URL the API had deleted. Now the journal holds
// the inferred expiry, and an upload journaled without one (an older version's) is sent again.
import fs from "node:fs";
import { afterEach, expect, test } from "vitest";
import { runPipeline } from "../src/index.js";
import { type Bench, bench, journalOf, journalRecords, PNG, restylePipe } from "./helpers.js";

let b: Bench;
afterEach(async () => b?.close());

const PIPE = restylePipe("lifetime", "[fail] Restyle ${{ item.id }}");
type Rec = { t: string; url?: string; expires_at?: string; input?: { images: string[] } };

test("an upload is journaled with the API's 24-hour lifetime; one journaled without an expiry is uploaded again for a new create", async () => {
  b = await bench(50);
  b.write("refs/a.png", PNG);
  const file = b.write("pipe.yaml", PIPE);
  const run = (retryFailed = false) => runPipeline(file, { client: b.monet, outDir: b.out, pollInterval: 50, retryFailed });
  const before = Date.now();
  expect((await run()).tasks[0].status).toBe("failed");
  const [upload] = (journalRecords(b.out) as Rec[]).filter((r) => r.t === "upload");
  const expires = Date.parse(upload.expires_at ?? "");
  expect(expires).toBeGreaterThanOrEqual(before + 23 * 3600_000);
  expect(expires).toBeLessThanOrEqual(Date.now() + 25 * 3600_000);

  // The journal as an older version wrote it: the upload with no expiry.
  const records = (journalRecords(b.out) as Rec[]).map((r) => (r.t === "upload" ? { ...r, expires_at: undefined } : r));
  fs.writeFileSync(journalOf(b.out), `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  expect((await run(true)).tasks[0].status).toBe("failed");
  const after = journalRecords(b.out) as Rec[];
  const uploads = after.filter((r) => r.t === "upload");
  expect(uploads).toHaveLength(2);
  expect(uploads[1].url).not.toBe(upload.url);
  // The retry's create sent the new upload, not the one of unknown age.
  expect(after.filter((r) => r.t === "creating").map((r) => r.input?.images[0])).toEqual([upload.url, uploads[1].url]);
});
