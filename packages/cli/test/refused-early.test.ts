// Flags the CLI can check itself are checked before any request: numbers written as plain
// decimal text (Number() also reads 0x10, " 1" and 1e2), pages that are safe integers, and an
// --out that can hold the outputs (found after a paid task finished, before). Each runs the built
// CLI against the mock, which logs every request.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { spec } from "../../../test/support/spec.ts";
import { mockBench } from "./mock-bench.ts";
import { monet as run } from "./run.ts";

// Today's rules, read from the spec: a rule changed there changes these expectations with it.
const SORA_DURATION: number[] = spec.components.schemas.VideoSora2Input.properties.duration.enum;
const PAGE_SIZE_MAX: number = spec.components.parameters.PageSize.schema.maximum;

const requests: string[] = [];
const bench = mockBench("early", { taskDuration: 200, logger: (line) => requests.push(line) });

const monet = (args: string[]) => run(args, { cwd: bench.cwd, env: { MONET_API_KEY: "monet_cli_early_test", MONET_BASE_URL: bench.mock.url } });
const PAGE = "--page must be a whole number from 1 to 9007199254740991";
const sora = ["generate", "video", "--model", "sora-2", "--prompt", "x", "--no-wait"];

test("numeric flags take plain decimal text only, and a page must be a safe integer: refused naming the flag as typed and quoting the number as typed, exit 2, nothing sent", async () => {
  const before = requests.length;
  const cases: [string[], string][] = [
    [["list", "--page", "0x10"], `${PAGE} (got "0x10")`],
    [["list", "--page", " 1"], `${PAGE} (got " 1")`],
    [["list", "--page", "99999999999999999999999"], `${PAGE} (got "99999999999999999999999")`],
    [["list", "--page-size", "1e1"], `--page-size must be a whole number from 1 to ${PAGE_SIZE_MAX} (got "1e1")`],
    [["api", "listTasks", "--page", "0x10"], `${PAGE} (got "0x10")`],
    [["api", "listTasks", "--page-size", " 5"], `--page-size must be a whole number from 1 to ${PAGE_SIZE_MAX} (got " 5")`],
    [["api", "listTasks", "--page", "99999999999999999999999"], `${PAGE} (got "99999999999999999999999")`],
    [[...sora, "--duration", "0x0a"], `duration must be one of ${SORA_DURATION.join(", ")} (got "0x0a")`],
    [[...sora, "--duration", " 10"], `duration must be one of ${SORA_DURATION.join(", ")} (got " 10")`],
    [[...sora, "--duration", "1e1"], `duration must be one of ${SORA_DURATION.join(", ")} (got "1e1")`],
  ];
  for (const [args, message] of cases) {
    const r = await monet(args);
    expect(r.code, args.join(" ")).toBe(2);
    expect(r.stderr, args.join(" ")).toContain(message);
  }
  // Commander's own refusal, for the pipeline's rate (parsed before the file is read).
  const rate = await monet(["pipeline", "run", "nope.yaml", "--dry-run", "--rate-limit", "0x10"]);
  // One line (parser-errors.ts), naming the flag as typed (not its `<n>` placeholder).
  expect(rate.stderr).toMatch(/^error: option --rate-limit argument '0x10' is invalid\b.*\n$/);
  expect(requests.slice(before)).toEqual([]);
  // Plain decimal text still works.
  const ok = await monet(["--json", "list", "--page", "1", "--page-size", "5"]);
  expect(ok.code, ok.stderr).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ page: 1, pageSize: 5 });
  expect((await monet([...sora, "--duration", String(SORA_DURATION.at(-1))])).code).toBe(0);
});

test("a wrong value is reported before a missing key: the first thing to fix either way", async () => {
  const r = await run([...sora, "--duration", "11"], { cwd: bench.cwd, env: { MONET_API_KEY: "", MONET_BASE_URL: bench.mock.url } });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(new RegExp(`^error: input\\.duration must be one of ${SORA_DURATION.join(", ")} \\(got 11\\).*Nothing was sent`));
  expect(r.stderr).not.toMatch(/API key/);
});

test("an --out that is a file, or below one, is refused before the task is created: exit 2, nothing sent", async () => {
  fs.writeFileSync(path.join(bench.cwd, "afile"), "not a folder");
  const before = requests.length;
  const tasks = bench.mock.state.tasks.size;
  for (const out of ["afile", "afile/sub"]) {
    for (const args of [
      ["generate", "image", "--model", "flux-2-dev", "--prompt", "x"],
      ["wait", "task_x"],
    ]) {
      const r = await monet([...args, "--out", out]);
      expect(r.code, `${args[0]} --out ${out}`).toBe(2);
      expect(r.stderr.trim()).toBe(`error: --out ${out} must be a folder the outputs can be saved in (a file is in the way). Nothing was sent.`);
    }
  }
  expect(requests.slice(before)).toEqual([]);
  expect(bench.mock.state.tasks.size).toBe(tasks);
  expect(fs.readFileSync(path.join(bench.cwd, "afile"), "utf8")).toBe("not a folder");
  // A folder that does not exist yet is made, nested.
  const made = await monet(["--json", "generate", "image", "--model", "flux-2-dev", "--prompt", "x", "--out", "new/nested"]);
  expect(made.code, made.stderr).toBe(0);
  expect(path.dirname(JSON.parse(made.stdout).files[0])).toBe(path.join(fs.realpathSync(bench.cwd), "new", "nested"));
});

test("a task id with a control character (read from a file with its newline, an escape pasted from a terminal) is refused naming taskId and the spec's pattern: exit 2, nothing sent", async () => {
  const pattern: string = spec.components.parameters.TaskId.schema.pattern;
  const before = requests.length;
  for (const args of [
    ["get", "task_abc\n"],
    ["get", "task\u0001"],
    ["wait", "task\u007f"],
    ["api", "getTask", "--task-id", "task\u0085"],
  ]) {
    const r = await monet(args);
    expect(r.code, JSON.stringify(args)).toBe(2);
    expect(r.stderr, JSON.stringify(args)).toMatch(/^error: (taskId|--task-id) must /);
    expect(r.stderr, JSON.stringify(args)).toContain(`matching ${pattern}`);
  }
  expect(requests.slice(before)).toEqual([]);
});
