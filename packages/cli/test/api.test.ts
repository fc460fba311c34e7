// `monet api <operationId>` as a subprocess against the stateful mock: every operation of the
// spec is a command, its flags are the spec's parameters, and bad flags are refused before any
// request. Expectations come from the bundled spec, not from the table the CLI reads.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../../../test/support/seed.ts";
import { mockBench } from "./mock-bench.ts";
import { monet as run } from "./run.ts";

const spec = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"));
const specOps = Object.entries(spec.paths as Record<string, Record<string, any>>).flatMap(([p, item]) =>
  Object.entries(item)
    .filter(([m]) => m !== "parameters")
    .map(([m, op]) => ({ method: m.toUpperCase(), path: p, id: op.operationId as string })),
);
const requests: string[] = [];
const bench = mockBench("api", { taskDuration: 300, logger: (line) => requests.push(line) });

const monet = (args: string[], stdin?: string) =>
  run(args, { cwd: bench.cwd, stdin, env: { MONET_API_KEY: "monet_cli_api_test", MONET_BASE_URL: bench.mock.url } });
const input = { type: "image", input: { model: "flux-2-dev", prompt: "a kite" } };

test("--help lists every operation of the spec with its method, path and parameters as flags", async () => {
  const r = await monet(["api", "--help"]);
  expect(r.code).toBe(0);
  for (const op of specOps) expect(r.stdout).toContain(`${op.id}  ${op.method} ${op.path}`);
  const pageSize = spec.components.parameters.PageSize.schema;
  expect(r.stdout).toMatch(new RegExp(`--page-size <pageSize>  query, integer, ${pageSize.minimum} to ${pageSize.maximum}, default ${pageSize.default}`));
  expect(r.stdout).toMatch(/--task-id <taskId>\s+path, string, required/);
});

test("createTask from --body, then getTask --task-id: the JSON answers of the mock", async () => {
  const created = await monet(["api", "createTask", "--body", JSON.stringify(input)]);
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
  const task = JSON.parse(created.stdout);
  expect(task).toMatchObject({ type: "image" });
  expect(requests.filter((l) => l.startsWith("POST /api/v1/tasks/async"))).toHaveLength(1);
  const got = await monet(["api", "getTask", "--task-id", task.id]);
  expect(got.code).toBe(0);
  expect(JSON.parse(got.stdout)).toMatchObject({ id: task.id, type: "image" });
  expect(requests.some((l) => l.startsWith(`GET /api/v1/tasks/${task.id}`))).toBe(true);
});

test("a body from stdin (-) and from @file; listTasks with typed query flags", async () => {
  const viaStdin = await monet(["api", "createTask", "--body", "-"], JSON.stringify(input));
  expect(viaStdin.code).toBe(0);
  fs.writeFileSync(path.join(bench.cwd, "body.json"), JSON.stringify(input));
  const viaFile = await monet(["api", "createTask", "--body=@body.json"]);
  expect(viaFile.code).toBe(0);
  const list = await monet(["api", "listTasks", "--page-size", "2", "--page=1"]);
  expect(list.code).toBe(0);
  expect(JSON.parse(list.stdout)).toMatchObject({ page: 1, pageSize: 2 });
});

test('uploadFile: a form field "@path" is that local file', async () => {
  fs.writeFileSync(path.join(bench.cwd, "pic.png"), Buffer.from("89504e470d0a1a0a0000", "hex"));
  const r = await monet(["api", "uploadFile", "--body", JSON.stringify({ file: "@pic.png" })]);
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout).url).toMatch(/^http/);
});

test("bad flags are refused with the flag and what is allowed, before any request (exit 2)", async () => {
  const before = requests.length;
  const cases: [string[], RegExp][] = [
    [["api", "getTask"], /--task-id is required for getTask/],
    [["api", "getTask", "--taskid", "x"], /--taskid is not a flag of getTask \(did you mean --task-id\?\); its flags are --task-id; /],
    [["api", "listTasks", "--page-size", String(spec.components.parameters.PageSize.schema.maximum + 1)], /--page-size must/],
    [["api", "listTasks", "--body", "{}"], /listTasks takes no --body/],
    [["api", "createTask", "--body", "{nope"], /--body \{nope: not valid JSON/],
    [["api", "cancelEverything"], /operationId must be one of createTask, createTaskStream, listTasks, getTask, uploadFile \(got "cancelEverything"\)/],
    [["api", "getTask", "--task-id", "../files"], /--task-id must be one path segment/],
  ];
  for (const [args, message] of cases) {
    const r = await monet(args);
    expect(r.code, args.join(" ")).toBe(2);
    expect(r.stderr, args.join(" ")).toMatch(message);
  }
  expect(requests.length).toBe(before);
});

test("an API error is one line with its exit code (4: not found), and the key is never printed", async () => {
  const r = await monet(["api", "getTask", "--task-id", "task_missing"]);
  expect(r.code).toBe(4);
  expect(r.stderr).toMatch(/not found \(404\)/);
  expect(r.stdout + r.stderr).not.toContain("monet_cli_api_test");
});
