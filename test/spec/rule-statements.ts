// The statements of the spec's rules in prose, each checked against the spec (for
// prose-follows-rules.test.ts). It reads the spec's own descriptions and examples (openapi/src), the guides and their samples
// (docs/guides, docs/examples) and the READMEs, and finds three kinds of statement:
//   - the poll interval: "every 5 seconds", "every 5 s", "default 5 s", "(5000, as the API
//     recommends)", and the range a client may choose ("1000..60000" beside "poll");
//   - the page size: "1 to 100" or "1..100" beside "pageSize"/"per page", and a sample's `pageSize`;
//   - a model's allowed values in an error message ("input.duration must be one of 10, 15 (got 5)",
//     "sora-2 takes 10 or 15 seconds"): the model is the one named nearest before it, else the
//     model of the first createTask example with that field, and the expected list is what the
//     validator (@monet-ai/models) says for that model's example input with the field's value.
//   - the final statuses, and the upload's file lifetime ("stored for 24 hours") and size limit
//     (a size beside `x-monet-max-upload-bytes`), in a sentence about files or uploads;
//   - an API path (`GET /api/v1/tasks/{taskId}`, `/api/v1/tasks/task_123`), here and in the
//     hand-written code's comments and messages (codeFiles): a path of the spec (pathStatements).
// Each is checked against the spec's value (getTask's x-monet-poll-interval-*, the PageSize
// parameter's schema); a failure names the file, the line, what it says and what the spec says.
// Generated files (docs/models, openapi/dist) are left out: they are written from the numbers.
import fs from "node:fs";
import path from "node:path";
import { validateInput } from "../../packages/models/src/validate.ts";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

// The rules, from the bundled spec.
const getTask = Object.values<any>(spec.paths)
  .flatMap((item) => Object.values<any>(item))
  .find((o) => o.operationId === "getTask");
export const POLL = {
  interval: getTask["x-monet-poll-interval-ms"] as number,
  min: getTask["x-monet-poll-interval-min-ms"] as number,
  max: getTask["x-monet-poll-interval-max-ms"] as number,
};
const uploadFile = Object.values<any>(spec.paths)
  .flatMap((item) => Object.values<any>(item))
  .find((o) => o.operationId === "uploadFile");
/** The upload's rules: how long a file lives (ms) and the largest upload (bytes). */
export const UPLOAD = { lifetime: uploadFile["x-monet-file-lifetime-ms"] as number, maxBytes: uploadFile["x-monet-max-upload-bytes"] as number };
const pageSizeParam = spec.components.parameters.PageSize;
export const PAGE_SIZE = pageSizeParam.schema as { minimum: number; maximum: number; default: number };

/** Every model of the spec: id, type and the input of its first example. */
export const MODELS = (["video", "image", "music"] as const).flatMap((type) =>
  Object.values<string>(spec.components.schemas[`${type[0].toUpperCase()}${type.slice(1)}Input`].discriminator.mapping).map((ref) => {
    const schema = spec.components.schemas[ref.split("/").pop()!];
    return { id: schema.properties.model.enum[0] as string, type, example: schema.examples[0] as Record<string, unknown>, fields: schema.properties };
  }),
);
/** The statuses that end a task (TaskStatus's x-monet-final), and every status the spec names. */
const taskStatus = spec.components.schemas.TaskStatus;
export const FINAL = taskStatus["x-monet-final"] as string[];
const STATUSES = [...new Set<string>([...taskStatus.anyOf[0].enum, ...FINAL])];
export const createExamples = Object.values<any>(spec.paths["/api/v1/tasks/async"].post.requestBody.content["application/json"].examples).map((e) => e.value);

/** The values the validator allows for `field` of `model` (what its error message lists), or undefined when it has no list. */
function allowedValues(model: (typeof MODELS)[number], field: string, got: unknown): string[] | undefined {
  const value = got === undefined || model.fields[field]?.enum?.includes(got) ? "\u0000not allowed" : got;
  const issue = validateInput(model.type, { ...model.example, [field]: value }).find((i) => i.path === field);
  return Array.isArray(issue?.allowed) ? issue.allowed.map(String) : undefined;
}

/** The files whose prose a reader reads: the spec's sources, guides and their samples, READMEs and CONTRIBUTING guides. */
export function proseFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : walk(p);
      return /\.(ya?ml|md|ts|mjs|js|json|csv)$/.test(e.name) ? [p] : [];
    });
  const readmes = fs
    .readdirSync(path.join(repoRoot, "packages"))
    .flatMap((p) => ["README.md", "CONTRIBUTING.md"].map((f) => path.join(repoRoot, "packages", p, f)))
    .filter((f) => fs.existsSync(f));
  return [
    ...walk(path.join(repoRoot, "openapi/src")),
    ...walk(path.join(repoRoot, "docs/guides")),
    ...walk(path.join(repoRoot, "docs/examples")),
    ...readmes,
    path.join(repoRoot, "README.md"),
    path.join(repoRoot, "CONTRIBUTING.md"),
  ];
}

/** The hand-written code (packages' src/, generated/ aside, and scripts/): its comments and messages name API paths too. */
export function codeFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return ["generated", "node_modules", "dist"].includes(e.name) ? [] : walk(p);
      return /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
    });
  const packages = path.join(repoRoot, "packages");
  return [
    ...fs.readdirSync(packages).flatMap((p) => (fs.existsSync(path.join(packages, p, "src")) ? walk(path.join(packages, p, "src")) : [])),
    ...walk(path.join(repoRoot, "scripts")),
  ];
}

export interface Statement {
  kind: "poll interval" | "poll range" | "page size" | "allowed values" | "final statuses" | "file lifetime" | "upload size" | "API path";
  file: string;
  line: number;
  says: string;
  /** What the spec says, or undefined when it agrees. */
  wrong?: string;
}

const seconds = (n: string, unit?: string) => (unit && /^s/.test(unit) ? Number(n) * 1000 : Number(n));
export const ms = (n: number) => (n % 1000 === 0 ? `${n / 1000} s (${n} ms)` : `${n} ms`);
const listOf = (text: string) =>
  text
    .split(/,\s*|\s+or\s+/)
    .map((s) => s.replace(/[`"'*]/g, "").trim())
    .filter(Boolean);

/**
 * Every statement of a rule in `text` (the contents of `file`), each checked against the spec.
 * `final`: the final statuses to check against (the spec's; a test passes others to see a
 * statement go stale).
 */
export function statements(file: string, text: string, final = FINAL): Statement[] {
  const out: Statement[] = [];
  const lineAt = (i: number) => text.slice(0, i).split("\n").length;
  const before = (i: number, n: number) => text.slice(Math.max(0, i - n), i);
  const add = (kind: Statement["kind"], m: RegExpExecArray, wrong: string | undefined) =>
    out.push({ kind, file: path.relative(repoRoot, file), line: lineAt(m.index), says: m[0].replace(/\s+/g, " "), wrong });
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(re)) f(m as RegExpExecArray);
  };
  const inSpec = file.includes(`${path.sep}openapi${path.sep}`);
  const aboutPolling = (i: number) => /poll/i.test(before(i, 200));

  // The poll interval. "every N s" is said of nothing else here; the other forms only beside "poll".
  const interval = (m: RegExpExecArray, stated: number) =>
    add("poll interval", m, stated === POLL.interval ? undefined : `getTask's x-monet-poll-interval-ms is ${POLL.interval}: ${ms(POLL.interval)}`);
  each(/\bevery\s+\**(\d+(?:\.\d+)?)\**\s*(seconds?|s)\b/gi, (m) => interval(m, seconds(m[1], m[2])));
  each(/\bdefault\s+(\d+(?:\.\d+)?)\s*(s|seconds|ms)?\b(?![.\d])/gi, (m) => {
    if (aboutPolling(m.index) && (m[2] || Number(m[1]) >= 100)) interval(m, seconds(m[1], m[2]));
  });
  each(/\((\d+(?:\.\d+)?)\s*(s|seconds|ms)?,\s+as the API (?:recommends|advises)/gi, (m) => interval(m, seconds(m[1], m[2])));
  each(/`getTask`,\s+(\d+(?:\.\d+)?)\s*(s|seconds)\b/g, (m) => interval(m, seconds(m[1], m[2])));
  // The range a client may choose from.
  each(/\b(\d{3,})\s*\.\.\s*(\d{3,})\b/g, (m) => {
    if (!aboutPolling(m.index)) return;
    const ok = Number(m[1]) === POLL.min && Number(m[2]) === POLL.max;
    add("poll range", m, ok ? undefined : `getTask's x-monet-poll-interval-min-ms..max-ms is ${POLL.min}..${POLL.max}`);
  });
  // "a whole number from 1000 to 60000" beside poll.
  each(/\bfrom (\d{3,}) to (\d{3,})\b/g, (m) => {
    if (!aboutPolling(m.index)) return;
    const ok = Number(m[1]) === POLL.min && Number(m[2]) === POLL.max;
    add("poll range", m, ok ? undefined : `getTask's x-monet-poll-interval-min-ms..max-ms is ${POLL.min}..${POLL.max}`);
  });
  each(/pollIntervalMs must be >= (\d+)/g, (m) =>
    add("poll range", m, Number(m[1]) === POLL.min ? undefined : `getTask's x-monet-poll-interval-min-ms is ${POLL.min}`),
  );

  // The page size: a range beside its name, the spec's notes, and a sample's value.
  const range = `${PAGE_SIZE.minimum} to ${PAGE_SIZE.maximum}`;
  each(/(page.?size|per page)[^.;|\n]{0,20}?\b(\d+)\s*(?:to|\.\.)\s*(\d+)\b/gi, (m) => {
    const ok = Number(m[2]) === PAGE_SIZE.minimum && Number(m[3]) === PAGE_SIZE.maximum;
    add("page size", m, ok ? undefined : `the PageSize parameter allows ${range}`);
  });
  each(/default or maximum; (\d+) and (\d+) are assumed/g, (m) => {
    const ok = Number(m[1]) === PAGE_SIZE.default && Number(m[2]) === PAGE_SIZE.maximum;
    add("page size", m, ok ? undefined : `the PageSize parameter's default is ${PAGE_SIZE.default} and its maximum ${PAGE_SIZE.maximum}`);
  });
  each(/\((\d+), as on the query parameter\)/g, (m) =>
    add("page size", m, Number(m[1]) === PAGE_SIZE.maximum ? undefined : `the PageSize parameter's maximum is ${PAGE_SIZE.maximum}`),
  );
  // "100 per page": a page of the default or the largest size.
  each(/(?<!\.\.|to )\b(\d+) (?:tasks )?(?:per|a) page\b/g, (m) => {
    const n = Number(m[1]);
    const ok = n === PAGE_SIZE.default || n === PAGE_SIZE.maximum;
    add("page size", m, ok ? undefined : `the PageSize parameter's default is ${PAGE_SIZE.default} and its maximum ${PAGE_SIZE.maximum}`);
  });
  if (!inSpec)
    each(/(?:pageSize["']?\s*[:=]\s*|--page-size[ =])(\d+)/g, (m) => {
      const n = Number(m[1]);
      add(
        "page size",
        m,
        n < PAGE_SIZE.minimum || n > PAGE_SIZE.maximum
          ? `the PageSize parameter allows ${range}`
          : n === PAGE_SIZE.maximum
            ? `${n} is the PageSize parameter's maximum: a sample that asks for the largest page restates the bound; leave pageSize out or ask for less`
            : undefined,
      );
    });

  // The upload's file lifetime ("stored for 24 hours", "24-hour expiry", "24 h") and its size limit
  // ("512 MiB"), in a sentence about files or uploads (a Retry-After of "24 h" is not one).
  const sentenceAround = (m: RegExpExecArray) =>
    `${before(m.index, 160)
      .split(/[.!?]\s|\n\s*\n|\|/)
      .at(-1)}${m[0]}${text.slice(m.index + m[0].length, m.index + m[0].length + 80).split(/[.!?](?:\s|$)|\|/)[0]}`;
  const aboutFiles = (m: RegExpExecArray) => /\b(files?|uploads?|uploaded|expir\w*|stored|kept|lifetime|deleted)\b/i.test(sentenceAround(m));
  each(/(?<![\d.])(\d+(?:\.\d+)?)(?:\s*|-)(hours?|hrs?|h)\b/gi, (m) => {
    if (!aboutFiles(m)) return;
    const hours = UPLOAD.lifetime / 3_600_000;
    add("file lifetime", m, Number(m[1]) === hours ? undefined : `uploadFile's x-monet-file-lifetime-ms is ${UPLOAD.lifetime}: ${hours} hours`);
  });
  // The limit by its name only: uploads' sentences state other sizes too (a proxy's body cap, a test's file).
  each(/(?<![\d.])(\d+(?:\.\d+)?)\s*(KiB|MiB|GiB|bytes)\b/g, (m) => {
    // The name within 50 characters, with no other thing's size between ("a request: 1 MiB; an upload: maxUploadBytes").
    const name = /max-upload-bytes|maxUploadBytes|largest upload|upload (?:size )?limit/i;
    const [pre, post] = [before(m.index, 50), text.slice(m.index + m[0].length, m.index + m[0].length + 50)];
    const between = name.test(post) ? post.slice(0, post.search(name)) : pre.slice(pre.search(name));
    if (!(name.test(pre) || name.test(post)) || /;|\bup to\b|\ban\b|twice|plus|more/.test(between)) return;
    const bytes = Number(m[1]) * (m[2] === "bytes" ? 1 : 1024 ** (["KiB", "MiB", "GiB"].indexOf(m[2]) + 1));
    add(
      "upload size",
      m,
      bytes === UPLOAD.maxBytes ? undefined : `uploadFile's x-monet-max-upload-bytes is ${UPLOAD.maxBytes} (${UPLOAD.maxBytes / 2 ** 20} MiB)`,
    );
  });

  // The statuses that end a task: a list of two or more statuses, naming none that goes on, in a
  // sentence that speaks of an end ("until it becomes `success` or `failed`", "`success` and
  // `failed` are final", "then `success` or `failed`"). The four statuses in a row are not such a
  // statement; nor is x-monet-final itself.
  const statuses = [...new Set([...STATUSES, ...final])];
  const status = `\\b(?:${statuses.join("|")})\\b`;
  const quoted = `[\`"']?${status}[\`"']?`;
  each(new RegExp(`${quoted}(?:(?:,\\s*|\\s+(?:or|and)\\s+|\\s*[/|]\\s*)${quoted})+`, "g"), (m) => {
    const named: string[] = m[0].match(new RegExp(status, "g")) ?? [];
    if (named.some((n) => !final.includes(n)) || /x-monet-final:\s*\[?$/.test(before(m.index, 40))) return;
    const sentence = `${before(m.index, 160)
      .split(/[.!?]\s|\n\s*\n/)
      .at(-1)}${m[0]}${text.slice(m.index + m[0].length, m.index + m[0].length + 60).split(/[.!?](?:\s|$)/)[0]}`;
    if (!/\b(final|until|then|ends?|ended|ending|finish(?:es|ed)?|terminal|done|settles?)\b/i.test(sentence)) return;
    const same = named.length === final.length && final.every((f) => named.includes(f));
    add("final statuses", m, same ? undefined : `TaskStatus's x-monet-final is ${final.join(", ")}`);
  });

  // A model's allowed values, as the validator and the mock word them.
  const nearestModel = (i: number, field: string) => {
    const prior = before(i, 1500);
    let best: { at: number; model: (typeof MODELS)[number] } | undefined;
    for (const model of MODELS) {
      if (!model.fields[field]?.enum) continue;
      const at = [...prior.matchAll(new RegExp(`(?<![\\w-])${model.id.replace(/\./g, "\\.")}(?![\\w-])`, "g"))].at(-1)?.index ?? -1;
      if (at >= 0 && (!best || at > best.at)) best = { at, model };
    }
    if (best) return best.model;
    const example = createExamples.find((e) => e.input?.[field] !== undefined);
    return MODELS.find((m) => m.id === example?.input.model);
  };
  const allowed = (m: RegExpExecArray, field: string, stated: string, got?: string) => {
    const model = nearestModel(m.index, field);
    if (!model) return add("allowed values", m, `no model with an enum field "${field}" is named before it (or in a createTask example): name the model`);
    const expected = allowedValues(model, field, got === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(got) ? Number(got) : got.replace(/^"|"$/g, ""));
    const ok = expected && JSON.stringify(listOf(stated)) === JSON.stringify(expected);
    add(
      "allowed values",
      m,
      ok ? undefined : `${model.id}'s ${field} allows ${expected?.join(", ") ?? "no list of values"} (the validator on its example input)`,
    );
  };
  const value = "[\\w:-]+(?:\\.\\d+)?";
  each(new RegExp(`(?:\\binput\\.)?\\b(\\w+):?\\s+must be one of ((?:${value}(?:,\\s*|\\s+or\\s+))*${value})(?:\\s*\\(got ([^)]+)\\))?`, "g"), (m) => {
    let field = m[1];
    if (field === "message") field = /field:\s*(?:input\.)?(\w+)/.exec(before(m.index, 200))?.[1] ?? field;
    if (MODELS.some((x) => x.fields[field]?.enum)) allowed(m, field, m[2], m[3]);
  });
  each(/(?<![\w-])([a-z][a-z0-9.-]*[a-z0-9]) takes ((?:\d+, )*\d+ or \d+) ?(?:s|seconds)\b/g, (m) => {
    if (MODELS.some((x) => x.id === m[1])) allowed(m, "duration", m[2]);
  });
  each(/`([a-z][a-z0-9.-]*[a-z0-9])` model entry allows only (`?\w+`?(?:,\s+`?\w+`?)*\s+or\s+`?\w+`?)/g, (m) => {
    const model = MODELS.find((x) => x.id === m[1]);
    const field = [...before(m.index, 200).matchAll(/`(\w+)`/g)].map((x) => x[1]).findLast((f) => model?.fields[f]?.enum);
    if (model && field) allowed(m, field, m[2]);
  });
  return out;
}

/** One line per statement that disagrees: file, line, what it says, what the spec says. */
export const report = (list: Statement[]) => list.map((s) => `${s.file}:${s.line}: says "${s.says}"; ${s.wrong}`);

/** A path of the spec: its template, and the example of each path parameter (`taskId`: `task_abc123`). */
export interface SpecPath {
  template: string;
  examples: Record<string, string | undefined>;
}

/** The spec's paths (from a bundled spec: the repository's, or a test's edited copy). */
export function specPaths(s: any = spec): SpecPath[] {
  const param = (p: any) => (p?.$ref ? s.components.parameters[p.$ref.split("/").pop()] : p);
  return Object.entries<any>(s.paths).map(([template, item]) => {
    const examples: Record<string, string | undefined> = {};
    for (const op of Object.values<any>(item))
      for (const p of [...(op?.parameters ?? []), ...(item.parameters ?? [])].map(param))
        if (p?.in === "path") examples[p.name] ??= p.example ?? Object.values<any>(p.examples ?? {})[0]?.value;
    return { template, examples };
  });
}

/**
 * Whether `written` (a path as prose writes it) is a path of the spec. A segment in braces or
 * angle brackets (`{id}`, `<id>`) stands for a parameter; a concrete one (`task_123`) does when it
 * looks like the parameter's example (its prefix up to the first `_`, `task_`), so that a path the
 * spec renames (`/tasks/list`) is not taken for a task id. A path ending in `/` is a folder: some
 * path starts with it. The API's root (`/api/v1`), which every path starts with, is one too.
 */
export function isSpecPath(written: string, paths: SpecPath[]): boolean {
  if (written === apiRootOf(paths)) return true;
  const folder = written.endsWith("/");
  const segments = written.replace(/\/$/, "").split("/");
  return paths.some((p) => {
    const template = p.template.split("/");
    const length = folder ? template.length > segments.length : template.length === segments.length;
    return length && segments.every((s, i) => fits(s, template[i], p));
  });
}

/** The longest folder every path starts with (`/api/v1`). */
function apiRootOf(paths: SpecPath[]): string {
  const [first, ...rest] = paths.map((p) => p.template.split("/"));
  let n = 0;
  while (n < first.length - 1 && rest.every((r) => r[n] === first[n])) n++;
  return first.slice(0, n).join("/");
}

/** Whether a written segment is the template's segment `t`: the same text, or a value of its parameter. */
function fits(written: string, t: string, p: SpecPath): boolean {
  const param = /^\{(\w+)\}$/.exec(t)?.[1];
  if (!param) return written === t;
  if (/^(\$?\{[^/{}]+\}|<[^/<>]+>|:\w+)$/.test(written)) return true;
  const example = p.examples[param];
  if (example === undefined) return written.length > 0;
  const prefix = example.includes("_") ? example.slice(0, example.indexOf("_") + 1) : "";
  return written.startsWith(prefix) && written.length > prefix.length;
}

/**
 * Every API path written in `text` (the contents of `file`): the spec's root folder (`/api/v1`) and
 * what follows it up to a space, a query or punctuation, each checked against the spec's paths.
 */
export function pathStatements(file: string, text: string, paths = specPaths()): Statement[] {
  // The root with its numbers left open (`/api/v\d+`), so a root the spec moves is still found.
  const root = apiRootOf(paths).replace(/\//g, "\\/").replace(/\d+/g, "\\d+");
  const out: Statement[] = [];
  for (const m of text.matchAll(new RegExp(`${root}(?![\\w.-])(?:\\/[\\w.{}<>:~%$-]*)*`, "g"))) {
    // A sentence's full stop or a YAML key's colon is not part of the path.
    const written = m[0].replace(/[.:]+$/, "");
    out.push({
      kind: "API path",
      file: path.relative(repoRoot, file),
      line: text.slice(0, m.index).split("\n").length,
      says: written,
      wrong: isSpecPath(written, paths) ? undefined : `the spec has no such path: its paths are ${paths.map((p) => p.template).join(", ")}`,
    });
  }
  return out;
}
