// s17 contributor audit F8: an operation added to the spec with no case in src/server.ts answers
// its documented success response whatever the request (a cancel of any id returns the example's task).
// It keeps answering it (a frontend needs a plausible body), but visibly: every such answer has
// `X-Monet-Mock: example`, which a page can read (CORS exposes it), and the mock's log says once
// per operation that it is not simulated. A copy of the spec in a temporary folder gains
// `DELETE /api/v1/tasks/{taskId}` (cancelTask, with an example) and `PUT` on it (pinTask, a 204
// without content); the mock's sources, copied unchanged, are bundled
// there with the table generated from that copy, and started on a free loopback port.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { writeBundle } from "../../../scripts/bundle.mjs";
import { generateOperations } from "../../../scripts/gen-operations.mjs";
import { repoRoot } from "../../../test/support/seed.ts";
import { editedSpec } from "../../../test/support/spec-copy.ts";

const EXAMPLE = { id: "task_abc123", status: "failed", type: "video", created_at: "2026-02-27T10:00:00Z" };
const CANCEL = `
delete:
  operationId: cancelTask
  tags: [Tasks]
  summary: Cancel a task
  description: Stops a task that has not finished.
  parameters:
    - $ref: ../parameters/TaskId.yaml
  responses:
    "200":
      description: The task, stopped.
      content:
        application/json:
          schema:
            $ref: ../schemas/Task.yaml
          example: ${JSON.stringify(EXAMPLE)}
    "401":
      $ref: ../responses/Unauthorized.yaml
put:
  operationId: pinTask
  tags: [Tasks]
  summary: Pin a task
  description: Keeps a task at the top of the list.
  parameters:
    - $ref: ../parameters/TaskId.yaml
  responses:
    "204":
      description: Pinned; no content.
    "401":
      $ref: ../responses/Unauthorized.yaml
`;

let root: string;
let mock: { url: string; close(): Promise<void> };
const lines: string[] = [];

beforeAll(async () => {
  root = editedSpec("monet-mock-not-simulated-", "paths/task.yaml", (t) => t + CANCEL, ["packages/mock/src"]);
  writeBundle(path.join(root, "openapi/src"), path.join(root, "openapi/dist"));
  generateOperations({ out: root });
  const outfile = path.join(root, "mock.mjs");
  // The copy holds sources only: the mock's dependencies are the repository's.
  await build({
    entryPoints: [path.join(root, "packages/mock/src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    nodePaths: [path.join(repoRoot, "packages/mock/node_modules")],
    logLevel: "silent",
  });
  const { startMockServer } = await import(pathToFileURL(outfile).href);
  mock = await startMockServer({ port: 0, logger: (line: string) => lines.push(line) });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const key = { authorization: "Bearer monet_not_simulated" };

test("a cancel of any id answers the example, marked X-Monet-Mock: example, which a page may read", async () => {
  for (const id of ["task_abc123", "task_other", "task_nobody_made"]) {
    const res = await fetch(`${mock.url}/api/v1/tasks/${id}`, { method: "DELETE", headers: { ...key, origin: "http://page.test" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(EXAMPLE);
    expect(res.headers.get("x-monet-mock")).toBe("example");
    // A page on another origin reads only the headers CORS exposes.
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")?.split(/,\s*/)).toContain("x-monet-mock");
  }
  // A simulated operation's answer is not marked.
  const created = await fetch(`${mock.url}/api/v1/tasks/async`, {
    method: "POST",
    headers: { ...key, "content-type": "application/json" },
    body: JSON.stringify({ type: "image", input: { model: "flux-2-dev", prompt: "a fox" }, idempotency_key: "not-simulated-1" }),
  });
  expect(created.status).toBe(200);
  expect(created.headers.get("x-monet-mock")).toBeNull();
  const { id } = await created.json();
  const got = await fetch(`${mock.url}/api/v1/tasks/${id}`, { headers: key });
  expect(got.headers.get("x-monet-mock")).toBeNull();
});

test("a documented success without content (204) is marked too", async () => {
  const res = await fetch(`${mock.url}/api/v1/tasks/task_any`, { method: "PUT", headers: key });
  expect(res.status).toBe(204);
  expect(res.headers.get("x-monet-mock")).toBe("example");
  expect(res.headers.get("access-control-expose-headers")?.split(/,\s*/)).toContain("x-monet-mock");
});

test("the mock's log says once per operation that it is not simulated, with its method and path", async () => {
  await fetch(`${mock.url}/api/v1/tasks/task_again`, { method: "DELETE", headers: key });
  const said = lines.filter((l) => l.includes("is not simulated"));
  expect(said).toEqual([
    "monet-mock: cancelTask (DELETE /api/v1/tasks/{taskId}) is not simulated: it answers the spec's documented success response whatever the request (header X-Monet-Mock: example); to simulate it, add a case to packages/mock/src/server.ts",
    "monet-mock: pinTask (PUT /api/v1/tasks/{taskId}) is not simulated: it answers the spec's documented success response whatever the request (header X-Monet-Mock: example); to simulate it, add a case to packages/mock/src/server.ts",
  ]);
  // Each request still gets its own log line.
  expect(lines.filter((l) => l.startsWith("DELETE /api/v1/tasks/")).length).toBeGreaterThanOrEqual(4);
});
