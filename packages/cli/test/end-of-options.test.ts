import { expect, test } from "vitest";
import { mockBench } from "./mock-bench.ts";
import { jsonError, monet as run } from "./run.ts";

const bench = mockBench("dashdash", { taskDuration: 50 });
const monet = (args: string[]) => run(["--json", ...args], { cwd: bench.cwd, env: { MONET_API_KEY: "monet_dashdash", MONET_BASE_URL: bench.mock.url } });

test.each([
  { args: ["generate", "image", "--model", "flux-2-dev", "--", "--prompt", "hi"], field: "--prompt" },
  { args: ["generate", "image", "--model", "flux-2-dev", "--prompt", "--", "--no-wait"], field: "--no-wait" },
  { args: ["generate", "image", "--model", "flux-2-dev", "--prompt", "hi", "--", "--no-wait"], field: "--no-wait" },
  { args: ["generate", "image", "--", "--model", "flux-2-dev", "--prompt", "hi", "--no-wait"], field: "--model" },
  { args: ["api", "createTask", "--", "--body", '{"type":"image","input":{"model":"flux-2-dev","prompt":"hi"}}'], field: "--body" },
])("words after -- are refused as unexpected arguments, nothing created: $args", async ({ args, field }) => {
  const before = bench.mock.state.tasks.size;
  const r = await monet(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const e = jsonError(r.stderr);
  expect(e).toMatchObject({ code: "unexpected_argument", field });
  expect(e.message).toContain("after --");
  // A suggestion never names the very word it corrects.
  expect(e.message).not.toMatch(new RegExp(`did you mean ${field}\\?`));
  expect(bench.mock.state.tasks.size).toBe(before);
});

test("a `--` with nothing after it changes nothing, and the command printed to re-attach keeps its flags before any --", async () => {
  const r = await monet(["generate", "image", "--model", "flux-2-dev", "--prompt", "hi", "--no-wait", "--"]);
  expect(r.code).toBe(0);
  const creating = r.stderr
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((l) => l.event === "creating");
  expect(creating.resume).toMatch(/--no-wait --idempotency-key \S+$/);
});

test("commands with arguments read what follows -- as that argument (get -- -rf asks for task -rf)", async () => {
  const r = await monet(["get", "--", "-rf"]);
  expect(r.code).toBe(4);
  expect(jsonError(r.stderr).message).toContain("-rf");
});
