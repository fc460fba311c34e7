// Prose that states a rule of the spec says what the spec says (the statements and how each is
// checked: rule-statements.ts). After a rule changes in openapi/src, the first test names every
// file and line a reader would still read with the old value, and the spec's value.
import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { writeBundle } from "../../scripts/bundle.mjs";
import { readBundledSpec } from "../../scripts/spec-models.mjs";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";
import { editedSpec } from "../support/spec-copy.ts";
import {
  codeFiles,
  createExamples,
  FINAL,
  MODELS,
  ms,
  PAGE_SIZE,
  POLL,
  pathStatements,
  proseFiles,
  report,
  type Statement,
  specPaths,
  statements,
  UPLOAD,
} from "./rule-statements.ts";

// The prose, then the hand-written code, whose comments and messages name API paths too.
const prose = proseFiles().map((f) => [f, fs.readFileSync(f, "utf8")] as const);
const texts = [...prose, ...codeFiles().map((f) => [f, fs.readFileSync(f, "utf8")] as const)];
const found = [...prose.flatMap(([f, text]) => statements(f, text)), ...texts.flatMap(([f, text]) => pathStatements(f, text))];

const tmps: string[] = [];
afterAll(() => {
  for (const t of tmps) fs.rmSync(t, { recursive: true, force: true });
});

test("every statement of the poll interval, the page size, a model's allowed values, the final statuses, the upload's lifetime and size limit and an API path in prose agrees with the spec", () => {
  expect(report(found.filter((s) => s.wrong))).toEqual([]);
});

test("the check reads the spec's prose, the guides, the samples and the READMEs, and finds each kind of statement there", () => {
  const where = (kind: Statement["kind"]) => new Set(found.filter((s) => s.kind === kind).map((s) => s.file.split(path.sep)[0]));
  expect([...where("poll interval")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages"]));
  expect([...where("page size")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages"]));
  expect([...where("allowed values")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages"]));
  expect([...where("final statuses")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages"]));
  expect(found.some((s) => s.kind === "poll range")).toBe(true);
  expect([...where("file lifetime")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages"]));
  expect([...where("upload size")]).toEqual(expect.arrayContaining(["packages"]));
  expect([...where("API path")].sort()).toEqual(expect.arrayContaining(["docs", "openapi", "packages", "scripts"]));
});

// A path renamed in the spec (the audit's edit: the list moves to /task-list): every README, guide,
// spec description and code comment that names the old path is named, file and line.
test("after the spec renames a path, the check names every place that still writes the old one", () => {
  const [listPath] = Object.keys(spec.paths).filter((p) => !p.includes("{") && Object.values<any>(spec.paths[p]).some((o) => o.operationId === "listTasks"));
  const moved = listPath.replace(/\/tasks\/list$/, "/task-list");
  expect(moved, "the list's path is /…/tasks/list").not.toBe(listPath);
  const root = editedSpec("monet-path-", "openapi.yaml", (t) => t.replace(`  ${listPath}:`, `  ${moved}:`));
  tmps.push(root);
  writeBundle(path.join(root, "openapi/src"), path.join(root, "openapi/dist"));
  const paths = specPaths(readBundledSpec(root));
  expect(paths.map((p) => p.template)).toContain(moved);
  const stale = texts.flatMap(([f, text]) => pathStatements(f, text, paths)).filter((s) => s.wrong);
  const before = found.filter((s) => s.kind === "API path" && s.says === listPath);
  expect(before.length, "today's prose names the list's path").toBeGreaterThan(2);
  expect(stale.map((s) => `${s.file}:${s.line}: ${s.says}`)).toEqual(before.map((s) => `${s.file}:${s.line}: ${s.says}`));
  expect(report(stale)[0]).toContain(`the spec has no such path: its paths are ${paths.map((p) => p.template).join(", ")}`);
});

test("a path is matched with its template, a parameter written in braces or as a value like the spec's example, or as the API's folder", () => {
  const task = specPaths().find((p) => Object.keys(p.examples).length)!;
  const [param, example] = Object.entries(task.examples)[0];
  const [rootPath] = task.template.split(`/{${param}}`);
  const folder = rootPath.slice(0, rootPath.lastIndexOf("/"));
  const sample = [
    `GET ${task.template} returns it; so does \`GET ${rootPath}/{id}\` or ${rootPath}/<id>.`,
    `curl https://host${rootPath}/${example}?x=1 and ${rootPath}/${example!.replace(/_.*/, "_123")}.`,
    `Everything is under ${folder} and ${folder}/ (see ${folder}/nothing, ${folder}/v2).`,
    `${rootPath}/no-such-id ${folder.replace(/\d+$/, "99")}/files ${task.template}/extra`,
  ].join("\n");
  const got = pathStatements(path.join(repoRoot, "docs/guides/sample.md"), sample);
  expect(got.filter((s) => !s.wrong).map((s) => s.line)).toEqual([1, 1, 1, 2, 2, 3, 3]);
  expect(got.filter((s) => s.wrong).map((s) => `${s.line} ${s.says}`)).toEqual([
    `3 ${folder}/nothing`,
    `3 ${folder}/v2`,
    `4 ${rootPath}/no-such-id`,
    `4 ${folder.replace(/\d+$/, "99")}/files`,
    `4 ${task.template}/extra`,
  ]);
});

// What a contributor who adds a final status (a cancel) must find: every sentence that lists the
// statuses a task ends with. The four statuses in a row, and the rule itself, are not such sentences.
test("a statement of the statuses a task ends with names the spec's x-monet-final when the spec adds one", () => {
  // The spec's own final statuses, however many it has (a test written for two broke when a third came).
  const [done, broke] = FINAL;
  const all = FINAL.map((f) => `\`${f}\``);
  const sample = [
    `Poll the task until it becomes ${all.slice(0, -1).join(", ")} or ${all.at(-1)}.`,
    `A task goes \`pending\`, \`processing\`, \`${done}\`, \`${broke}\`, and the stream ends.`,
    `The CSV lists ${done} and ${broke} rows.`,
    `x-monet-final: [${FINAL.join(", ")}]`,
  ].join("\n");
  const file = path.join(repoRoot, "docs/guides/sample.md");
  expect(statements(file, sample).filter((x) => x.kind === "final statuses")).toEqual([expect.objectContaining({ line: 1, wrong: undefined })]);
  expect(report(statements(file, sample, [...FINAL, "cancelled"]).filter((x) => x.wrong))).toEqual([
    `docs/guides/sample.md:1: says "${all.slice(0, -1).join(", ")} or ${all.at(-1)}"; TaskStatus's x-monet-final is ${[...FINAL, "cancelled"].join(", ")}`,
  ]);
});

test("the check names the file, the line and the spec's value of a statement that disagrees", () => {
  // Statements one step off today's rules, so the sample follows a rule changed in the spec.
  const s = (POLL.interval + 2000) / 1000;
  const example = createExamples.find((e) => MODELS.find((m) => m.id === e.input.model)?.fields.duration?.enum);
  const enumValues: unknown[] = MODELS.find((m) => m.id === example.input.model)!.fields.duration.enum;
  const stale = [...enumValues.slice(0, -1), Number(enumValues.at(-1)) + 5].join(", ");
  const sample = [
    "# Sample",
    `Poll the task every ${s} seconds until it ends.`,
    `| \`pollIntervalMs\` | between polls (default ${POLL.interval + 2000}), held to ${POLL.min}..${POLL.max + 1} |`,
    `\`pageSize\` 1..${PAGE_SIZE.maximum + 50} per page.`,
    `await monet.tasks.list({ pageSize: ${PAGE_SIZE.maximum} });`,
    `Sending \`${example.input.model}\` a bad duration gives \`input.duration must be one of ${stale} (got 1)\`.`,
    `Uploaded files are stored for ${UPLOAD.lifetime / 3_600_000 + 1} hours.`,
    `A file over the spec's \`x-monet-max-upload-bytes\` (${UPLOAD.maxBytes / 2 ** 20 + 1} MiB) is refused.`,
    `\`MONET_POLL_INTERVAL\`: a whole number from ${POLL.min} to ${POLL.max + 1000}.`,
    `Watched through the task list (${PAGE_SIZE.maximum + 1} per page).`,
    `A Retry-After of ${UPLOAD.lifetime / 3_600_000 + 1} h waits that long. A request of 1 MiB; an upload up to \`maxUploadBytes\`.`,
  ].join("\n");
  const wrong = statements(path.join(repoRoot, "docs/guides/sample.md"), sample)
    .filter((x) => x.wrong)
    .sort((a, b) => a.line - b.line);
  expect(wrong.map((x) => `${x.line} ${x.kind}`)).toEqual([
    "2 poll interval",
    "3 poll interval",
    "3 poll range",
    "4 page size",
    "5 page size",
    "6 allowed values",
    "7 file lifetime",
    "8 upload size",
    "9 poll range",
    "10 page size",
  ]);
  const messages = report(wrong);
  expect(messages[0]).toBe(`docs/guides/sample.md:2: says "every ${s} seconds"; getTask's x-monet-poll-interval-ms is ${POLL.interval}: ${ms(POLL.interval)}`);
  expect(messages[3]).toContain(`the PageSize parameter allows ${PAGE_SIZE.minimum} to ${PAGE_SIZE.maximum}`);
  expect(messages[5]).toContain(`${example.input.model}'s duration allows ${enumValues.join(", ")}`);
  expect(messages[6]).toBe(
    `docs/guides/sample.md:7: says "${UPLOAD.lifetime / 3_600_000 + 1} hours"; uploadFile's x-monet-file-lifetime-ms is ${UPLOAD.lifetime}: ${UPLOAD.lifetime / 3_600_000} hours`,
  );
  expect(messages[7]).toContain(`uploadFile's x-monet-max-upload-bytes is ${UPLOAD.maxBytes}`);
});

// The upper bound is the query's alone (inferred): on the answer it made validating clients refuse
// a larger page the server chose to send.
test("the spec states the page bounds once: the TaskList page's pageSize has the parameter's minimum and no maximum", () => {
  const listed = spec.components.schemas.TaskList.properties.pageSize;
  expect(
    { minimum: listed.minimum, maximum: listed.maximum },
    "openapi/src/schemas/TaskList.yaml's pageSize must have the PageSize parameter's minimum (openapi/src/parameters/PageSize.yaml) and no maximum",
  ).toEqual({ minimum: PAGE_SIZE.minimum, maximum: undefined });
});

// The introduction states three assumptions once instead of marking each field: each holds on
// every model input (an audit found the unknown-field refusal unmarked, so it is said now).
test("the assumptions the spec's introduction states once hold on every model input", () => {
  const intro = spec.info.description as string;
  expect(intro).toContain("takes only the fields");
  expect(intro).toContain("must not be empty");
  const inputs = Object.values(spec.components.schemas as Record<string, any>).filter((s) => s["x-monet-model"]);
  expect(inputs.length).toBe(MODELS.length);
  for (const s of inputs) {
    expect({ model: s.title, additionalProperties: s.additionalProperties }).toEqual({ model: s.title, additionalProperties: false });
    for (const field of s.required)
      if (s.properties[field].type === "string" && !s.properties[field].enum) expect(s.properties[field].minLength, `${s.title} ${field}`).toBe(1);
  }
});
