// Every call of the resources against a server that answers anything but what the spec says:
// each ends with a MonetError (never a TypeError from inside the client, never a hang, never a
// junk value handed back as a task, a page or a file), after a bounded number of requests.
import type http from "node:http";
import { afterEach, expect, test } from "vitest";
import { type Hostile, startHostile } from "../../../test/support/hostile.js";
import { Monet, MonetError } from "../src/index.js";

let server: Hostile | undefined;
afterEach(() => server?.close());

const image = { type: "image", input: { model: "flux-2-dev", prompt: "x" } } as const;
const quick = { pollInterval: 10, waitTimeout: 3_000 };
const drain = async (it: AsyncIterable<unknown>) => {
  for await (const _ of it) void _;
};

const calls: Record<string, (m: Monet) => Promise<unknown>> = {
  "tasks.create": (m) => m.tasks.create(image),
  "tasks.get": (m) => m.tasks.get("task_1"),
  "await tasks.list()": (m) => m.tasks.list(),
  "for await tasks.list()": (m) => drain(m.tasks.list()),
  "tasks.wait": (m) => m.tasks.wait("task_1", quick),
  "tasks.run": (m) => m.tasks.run(image, quick),
  "tasks.stream": (m) => drain(m.tasks.stream(image, quick)),
  "files.upload": (m) => m.files.upload(new Blob(["x"], { type: "image/png" })),
};

const json =
  (body: string, status = 200) =>
  (res: http.ServerResponse) =>
    res.writeHead(status, { "content-type": "application/json" }).end(body);
const answers: Record<string, (res: http.ServerResponse) => void> = {
  null: json("null"),
  "a list": json("[]"),
  "a string": json('"ok"'),
  "broken JSON": json('{"id":'),
  "an empty body": json(""),
  "an HTML page": (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>sign in</html>"),
  "an HTML 500": (res) => res.writeHead(500, { "content-type": "text/html" }).end("<html>oops</html>"),
  "an endless body": (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.on("error", () => {});
    const chunk = Buffer.alloc(2 ** 20, 0x20);
    let sent = 0;
    const more = () => {
      while (!res.destroyed && sent++ < 64) if (!res.write(chunk)) return void res.once("drain", more);
      res.end();
    };
    more();
  },
};

const cases = Object.keys(calls).flatMap((call) => Object.keys(answers).map((answer) => [call, answer] as const));

test.each(cases)("%s answered with %s ends with a MonetError", async (call, answer) => {
  server = await startHostile((_req, res) => answers[answer](res));
  const monet = new Monet({ apiKey: "monet_x", baseUrl: server.url, maxRetries: 0 });
  const outcome = await calls[call](monet).then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  expect("error" in outcome, `resolved with ${JSON.stringify((outcome as { value: unknown }).value)?.slice(0, 80)}`).toBe(true);
  const { error } = outcome as { error: Error };
  expect(error, String(error)).toBeInstanceOf(MonetError);
  if (call === "tasks.wait" && answer === "an HTML 500") {
    // A 5xx is retryable: the wait polls on, backing off (0.5 s doubling), until its waitTimeout.
    expect(error.name).toBe("WaitTimeoutError");
    expect(server.seen.length).toBeLessThanOrEqual(6);
  } else {
    // Nothing asked again and again: a create, a first poll, perhaps a second page or an upload.
    expect(server.seen.length).toBeLessThanOrEqual(3);
  }
});
