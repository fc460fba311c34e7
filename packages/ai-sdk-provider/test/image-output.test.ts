// An image task's output URL that serves something else (an HTML page at `.png`) is refused as
// the video path refuses one, naming where it came from and what the server called it: the AI
// SDK would have handed the page's bytes back as `image/png`.
import { generateImage } from "ai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Hostile as Server, startHostile as serve } from "../../../test/support/hostile.js";
import { createMonet, MonetDownloadError } from "../src/index.js";
import { isPng, KEY, STILL } from "./helpers.js";

let server: Server;
let base: string;
/** The path the finished task's output URL names on this server. */
let output = "/page.png";

beforeAll(async () => {
  server = await serve((req, res) => {
    req.resume();
    if (req.url === "/page.png") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><script>alert(1)</script>");
    if (req.url === "/real.png") return void res.writeHead(200, { "content-type": "image/png" }).end(STILL);
    const task = {
      id: "task_img",
      type: "image",
      status: "success",
      created_at: new Date().toISOString(),
      outputs: [{ model: "flux-1-schnell", status: "success", progress: 100, url: `${base}${output}` }],
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(task));
  });
  base = server.url;
});
afterAll(() => server.close());

const call = () => generateImage({ model: createMonet({ apiKey: KEY, baseURL: base, pollIntervalMs: 50 }).image("flux-1-schnell"), prompt: "x" });

test("an HTML page served for an image output: MonetDownloadError naming the task, the output's origin and the content type sent", async () => {
  output = "/page.png";
  const e = (await call().then(
    () => new Error("the call succeeded"),
    (x: unknown) => x as Error,
  )) as MonetDownloadError;
  expect(e).toBeInstanceOf(MonetDownloadError);
  expect(e.message).toContain(
    `Output 0 of Monet task task_img is not an image: its first bytes are not PNG, JPEG, WebP or GIF (${base} sent content-type "text/html; charset=utf-8", 40 bytes)`,
  );
  expect(e.message).toContain("which succeeded: only fetching its outputs failed");
});

test("a real PNG at the same kind of URL comes back as the image", async () => {
  output = "/real.png";
  const { image } = await call();
  expect(isPng(image.uint8Array)).toBe(true);
});

test("an id not in the catalog that the API accepts: the warning names the catalog's near ids (a typo, or a newer model)", async () => {
  output = "/real.png";
  const { warnings } = await generateImage({ model: createMonet({ apiKey: KEY, baseURL: base, pollIntervalMs: 50 }).image("flux-1-schnel"), prompt: "x" });
  expect(warnings).toContainEqual({
    type: "other",
    message: "flux-1-schnel is not in this package's model catalog (a typo of flux-1-schnell?): its input is sent unchecked, and the API checks it",
  });
});
