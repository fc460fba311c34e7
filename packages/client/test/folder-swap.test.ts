// saveOutput's folder swapped for a link out while the output downloads (audit s15 F6): the
// temporary file was opened by path, so it landed where the link led. Now the opened file is
// checked to be in the folder the save began in (or `within`) before anything is written to it.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { saveOutput } from "../src/node.js";
import { PNG } from "./hostile-files.js";

let tmp: string;
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A file host that swaps `dir` for a link to `to` when the output is asked for (a local writer, at the worst moment). */
async function swappingHost(dir: string, to: string) {
  server = http.createServer((_req, res) => {
    fs.renameSync(dir, `${dir}.real`);
    fs.symlinkSync(to, dir);
    res.writeHead(200, { "content-type": "image/png" }).end(PNG);
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test.each([
  ["the folder the save began in", undefined],
  ["`within`", "root"],
])("a folder swapped for a link out during the download is refused against %s; nothing is written where the link leads", async (_, within) => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-swap-")));
  const dir = path.join(tmp, "root", "out");
  const outside = path.join(tmp, "outside");
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(outside);
  const origin = await swappingHost(dir, outside);
  const e = await saveOutput(`${origin}/o/a.png`, { dir, name: "a", allowOrigins: [origin], within: within && path.join(tmp, within) }).then(
    () => expect.fail("should have been refused"),
    (e) => e,
  );
  expect(e.code).toBe("download_failed");
  expect(e.message).toBe(
    `refused to save ${origin}/o/a.png into ${dir}: the folder was swapped while the output was being saved (a link to ${outside}, outside ${within ? path.join(tmp, within) : dir}); nothing was written there`,
  );
  expect(fs.readdirSync(outside)).toEqual([]);
  expect(fs.readdirSync(`${dir}.real`)).toEqual([]);
});

test("a folder that is a link before the save begins is followed, as before (the caller named it)", async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-swap-")));
  const real = path.join(tmp, "real");
  fs.mkdirSync(real);
  fs.symlinkSync(real, path.join(tmp, "named"));
  server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "image/png" }).end(PNG));
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = await saveOutput(`${origin}/o/a.png`, { dir: path.join(tmp, "named"), name: "a", allowOrigins: [origin] });
  expect(saved.path).toBe(path.join(tmp, "named", "a.png"));
  expect(fs.readdirSync(real)).toEqual(["a.png"]);
});
