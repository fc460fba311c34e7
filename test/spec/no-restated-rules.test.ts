// No path, bound or interval of the operations table is written again by hand: the hand-written
// sources (packages/*/src, generated/ excluded) read them from the table. Literals are found with
// the TypeScript parser, so comments may name them; code and strings may not. A number counts
// where its line speaks of what it bounds (a 100 beside "pageSize", a 5000 beside "poll"), since
// the same digits mean other things elsewhere (100 %, 5000 ms of a simulated task); 0 and 1 are
// left out, being everyone's arithmetic. The task rules too: no status compared with a final
// status by hand (`t.status === "failed"`), no list of every task type: the generated task rules say them.
// Nor the page where keys are made (the spec's x-monet-keys-url), which missing-key messages name.
// Nor an operation's media type (its body's or its answer's), but JSON's: application/json is also
// every package's own (the mock's control answers, the proxy's own errors), not one operation's rule.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { KEYS_URL, operations } from "../../packages/client/src/generated/operations.gen.ts";
import { FINAL_STATUSES, TASK_TYPES } from "../../packages/client/src/generated/task-rules.gen.ts";
import { repoRoot } from "../support/seed.ts";

const table = Object.values(operations);

/** The API's root folder (every path starts with it) and every path template. */
const paths = table.map((o) => o.path as string);
const shared = paths.reduce((a, b) => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(0, i);
});
const apiRoot = shared.slice(0, shared.lastIndexOf("/") + 1);

/** The media types of the operations' bodies and answers, JSON's aside (see above). */
const JSON_TYPE = "application/json";
const mediaTypes: string[] = [...new Set<string | null | undefined>(table.flatMap((o) => [o.body?.contentType, o.response.contentType]))].filter(
  (t): t is string => typeof t === "string" && t !== JSON_TYPE,
);
/** The form fields a multipart body's file is sent in (FileUpload's `file`), as a form or a message names one. */
const fileFields = table.flatMap((o) => (o.multipart ? [o.multipart.fileField] : []));
const fieldNamed = (f: string) => new RegExp(`\\bname="${f}"|\\bfield named ${f}\\b`);

/** Where the table is made: its streaming and multipart flags are read from these media types, once. */
const TABLE_GENERATOR = path.join(repoRoot, "scripts/gen-operations.mjs");

/** Each rule of the table as [what it is about, the numbers it states]. */
const words = (name: string) => new RegExp(name.replace(/([a-z])([A-Z])/g, "$1.?$2").replace(/^(\w)/, "\\b$1"), "i");
const concepts: [RegExp, number[]][] = [];
for (const op of table) {
  for (const p of op.params) {
    const s = p.schema as Record<string, unknown>;
    const numbers = ["minimum", "maximum", "default", "minLength", "maxLength"].map((k) => s[k]).filter((v): v is number => typeof v === "number");
    if (numbers.length) concepts.push([words(p.name), numbers]);
  }
  // What the extension is about: its first word past a leading max- or min- (poll, file, upload).
  for (const [k, v] of Object.entries(op.extensions as Record<string, unknown>))
    if (typeof v === "number") concepts.push([new RegExp(k.replace(/^x-monet-(max-|min-)?/, "").split("-")[0], "i"), [v]]);
}
const countable = concepts.map(([w, ns]) => [w, ns.filter((n) => n > 1)] as const).filter(([, ns]) => ns.length);

// A rule in another unit: a lifetime in ms (the upload's x-monet-file-lifetime-ms) written as
// "24 hours", a size in bytes (x-monet-max-upload-bytes) as "512 MiB". Text of these forms is that
// rule wherever it stands; arithmetic (24 * 60 * 60 * 1000, 512 * MiB) counts like a number.
const HOUR = 3_600_000;
const SIZE_UNITS: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const unitForms: [RegExp, string][] = [];
for (const op of table)
  for (const [k, v] of Object.entries(op.extensions as Record<string, unknown>)) {
    if (typeof v !== "number") continue;
    if (k.endsWith("-ms") && v % HOUR === 0) unitForms.push([new RegExp(`(^|[^\\d.])${v / HOUR}\\s*(h|hrs?|hours?)\\b`, "i"), k]);
    if (k.endsWith("-bytes"))
      for (const [unit, size] of Object.entries(SIZE_UNITS))
        if (v % size === 0) unitForms.push([new RegExp(`(^|[^\\d.])${v / size}\\s*(${unit}|${unit.replace("i", "")})\\b`, "i"), k]);
  }

/** The value of a product of numbers and size units (`24 * 60 * 60 * 1000`, `512 * MiB`), else undefined. */
function product(n: ts.Node): number | undefined {
  if (ts.isNumericLiteral(n)) return Number(n.text);
  if (ts.isIdentifier(n)) return SIZE_UNITS[n.text];
  if (ts.isParenthesizedExpression(n)) return product(n.expression);
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const [a, b] = [product(n.left), product(n.right)];
    return a === undefined || b === undefined ? undefined : a * b;
  }
  return undefined;
}
const isProduct = (n: ts.Node) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.AsteriskToken;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|mts|tsx|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** A comparison of a status with a final status (`t.status === "failed"`), or a list (or union type) of every task type. */
function statusRule(n: ts.Node, sf: ts.SourceFile): boolean {
  if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(n.operatorToken.kind)) {
    const [a, b] = [n.left, n.right];
    const lit = ts.isStringLiteral(a) ? a : ts.isStringLiteral(b) ? b : undefined;
    const other = lit === a ? b : a;
    return !!lit && (FINAL_STATUSES as readonly string[]).includes(lit.text) && /(^|\.)(t|\w*task)\.status$|\.event$/i.test(other.getText(sf));
  }
  if (ts.isArrayLiteralExpression(n)) {
    const texts = n.elements.filter(ts.isStringLiteral).map((e) => e.text);
    return TASK_TYPES.every((t) => texts.includes(t));
  }
  if (ts.isUnionTypeNode(n)) {
    const texts = n.types.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
    return TASK_TYPES.every((t) => texts.includes(t));
  }
  return false;
}

// The packages whose task rules come from the generated table. (The mock is the simulator: it
// sets statuses itself; its task types come from its generated copy of the rules.)
const TASK_RULE_PACKAGES = ["client", "cli", "mcp", "ai-sdk-provider", "pipeline"].map((p) => path.join(repoRoot, "packages", p, "src"));

/** Text without its lines that are comments (`// ...`, `/** ...`, ` * ...`): code a generator writes. */
const withoutCommentLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l))
    .join("\n");

function restated(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = text.split("\n");
  const found: string[] = [];
  const checkTaskRules = !file.startsWith(repoRoot) || TASK_RULE_PACKAGES.some((d) => file.startsWith(d + path.sep));
  const where = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
  const visit = (n: ts.Node) => {
    if (checkTaskRules && statusRule(n, sf))
      found.push(`status or type rule restated: ${path.relative(repoRoot, file)}:${where(n) + 1}: ${lines[where(n)].trim()}`);
    const literal = ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n);
    // The outermost of a product of numbers: its value stands for the number it makes.
    const folded = isProduct(n) && !isProduct(n.parent) ? product(n) : undefined;
    const numeric = ts.isNumericLiteral(n) || folded !== undefined;
    if (literal || numeric) {
      const line = where(n);
      // A generator's template may hold comments of the code it writes: they may name a rule too.
      const value = literal ? withoutCommentLines((n as ts.LiteralLikeNode).text) : String(folded ?? n.getText(sf).replace(/_/g, ""));
      const at = `${path.relative(repoRoot, file)}:${line + 1}: ${lines[line].trim()}`;
      if (literal && value.includes(apiRoot)) found.push(`path literal: ${at}`);
      if (literal && value.includes(KEYS_URL)) found.push(`keys URL restated: ${at}`);
      if (literal && file !== TABLE_GENERATOR) for (const t of mediaTypes) if (value.toLowerCase().includes(t)) found.push(`media type ${t} restated: ${at}`);
      if (literal) for (const [form, k] of unitForms) if (form.test(value)) found.push(`${k} restated: ${at}`);
      if (literal) for (const f of fileFields) if (fieldNamed(f).test(value)) found.push(`form field ${f} restated: ${at}`);
      for (const [about, numbers] of countable)
        if (about.test(lines[line]) && numbers.some((x) => (numeric ? Number(value) === x : new RegExp(`(^|[^\\d.])${x}([^\\d]|$)`).test(value))))
          found.push(`bound restated: ${at}`);
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

test("the table has paths and numeric rules to look for (so the check below can fail)", () => {
  expect(apiRoot).toMatch(/^\/.+\/$/);
  expect(countable.length).toBeGreaterThan(1);
  expect(mediaTypes.length).toBeGreaterThan(0);
  expect(fileFields.length).toBeGreaterThan(0);
});

test("hand-written sources state no API path, bound or interval of the operations table", () => {
  const files = fs
    .readdirSync(path.join(repoRoot, "packages"))
    .flatMap((pkg) => (fs.existsSync(path.join(repoRoot, "packages", pkg, "src")) ? sources(path.join(repoRoot, "packages", pkg, "src")) : []));
  expect(files.length).toBeGreaterThan(20);
  const scripts = sources(path.join(repoRoot, "scripts"));
  expect(scripts.map((f) => path.basename(f))).toContain("build-docs.mjs");
  expect([...files, ...scripts].flatMap(restated)).toEqual([]);
});

// The sample states today's rules, read from the table, so a rule changed in the spec (a lower
// maximum, another poll interval) changes the sample with it.
const params = table.flatMap((o) => [...(o.params as readonly { name: string; schema: Record<string, unknown> }[])]);
const bounded = params.find((p) => typeof p.schema.maximum === "number")!;
const boundedMax = bounded.schema.maximum as number;
const [extension, interval] = table.flatMap((o) => Object.entries(o.extensions as Record<string, unknown>)).find(([, v]) => typeof v === "number" && v > 1) as [
  string,
  number,
];
const extensionName = extension.replace(/^x-monet-/, "").replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
const plainPath = paths.find((p) => !p.includes("{")) ?? paths[0];

test("the check finds a restated bound and path in a sample, and ignores comments and other numbers", () => {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "monet-restated-")), "sample.ts");
  try {
    fs.writeFileSync(
      tmp,
      [
        `const ${bounded.name} = Math.min(n, ${boundedMax});`,
        `const url = "${plainPath}";`,
        `const ${extensionName} = ${String(interval).replace(/\B(?=(\d{3})+$)/g, "_")};`,
        `// ${bounded.name} is at most ${boundedMax} (${plainPath}): a comment may say so`,
        `const percent = ${boundedMax};`,
        `const next = page + 1;`,
        `if (task.status === "${FINAL_STATUSES[0]}") done();`,
        `const kinds = ${JSON.stringify(TASK_TYPES)};`,
        `type Kind = ${TASK_TYPES.map((t) => JSON.stringify(t)).join(" | ")};`,
        `const fine = event.name === "${FINAL_STATUSES[0]}" || ["${TASK_TYPES[0]}"].length;`,
        `const hint = "get a key at ${KEYS_URL}";`,
        `const headers = { accept: "${mediaTypes[0]}", "content-type": \`${mediaTypes[0]}; charset=utf-8\` };`,
        `const plain = { accept: "${JSON_TYPE}" }; // ${mediaTypes[0]}: a comment may name it`,
        `const generated = \`/** The path: ${plainPath}, at most ${boundedMax} per ${bounded.name}. */\\nexport const x = 1;\`;`,
        `const head = \`content-disposition: form-data; name="${fileFields[0]}"; filename="\${name}"\`;`,
        `const hint = "Send it with a field named ${fileFields[0]}."; // a comment may say name="${fileFields[0]}"`,
      ].join("\n"),
    );
    expect(
      restated(tmp).map((f) => f.split(":")[0].replace(/^(media type|form field) \S+/, "$1")),
      "the sample is built from the operations table: a failure here means the check itself changed",
    ).toEqual([
      "bound restated",
      "path literal",
      "bound restated",
      "status or type rule restated",
      "status or type rule restated",
      "status or type rule restated",
      "keys URL restated",
      "media type restated",
      "media type restated",
      "form field restated",
      "form field restated",
    ]);
  } finally {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }
});

// A cast to never hides a type the client should offer (a create for a model or task type known
// only at run time, as the CLI, MCP and pipelines have) and, with it, every check of the call.
const castsToNever = (file: string): string[] => {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isAsExpression(n) && n.type.kind === ts.SyntaxKind.NeverKeyword)
      found.push(`${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf).slice(0, 80)}`);
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
};

test("the check finds the upload's lifetime and size limit in other units, and ignores comments", () => {
  const lifetime = table.flatMap((o) => Object.entries(o.extensions as Record<string, unknown>)).find(([k]) => k === "x-monet-file-lifetime-ms")?.[1] as number;
  const limit = table.flatMap((o) => Object.entries(o.extensions as Record<string, unknown>)).find(([k]) => k === "x-monet-max-upload-bytes")?.[1] as number;
  expect(lifetime % HOUR, "the sample writes the lifetime in hours").toBe(0);
  expect(limit % SIZE_UNITS.MiB, "the sample writes the limit in MiB").toBe(0);
  const [hours, mib] = [lifetime / HOUR, limit / SIZE_UNITS.MiB];
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "monet-restated-")), "sample.ts");
  try {
    fs.writeFileSync(
      tmp,
      [
        `const help = "upload a file (kept ${hours} hours)";`,
        `const fileLifetime = ${hours} * 60 * 60 * 1000;`,
        `const maxUploadBytes = ${mib} * MiB;`,
        `const hint = \`the largest upload is ${mib}MiB\`;`,
        `// files live ${hours} h and may be ${mib} MiB: a comment may say so`,
        `const other = ${hours + 1} * 60 * 60 * 1000;`,
      ].join("\n"),
    );
    expect(restated(tmp).map((f) => f.split(":")[0])).toEqual([
      "x-monet-file-lifetime-ms restated",
      "bound restated",
      "bound restated",
      "x-monet-max-upload-bytes restated",
    ]);
  } finally {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }
});

test("hand-written sources cast nothing to never (the check finds one in a sample)", () => {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "monet-never-")), "sample.ts");
  try {
    fs.writeFileSync(tmp, "monet.tasks.create({ type, input } as never);\n// a comment: as never\n");
    expect(castsToNever(tmp)).toHaveLength(1);
  } finally {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }
  const files = fs
    .readdirSync(path.join(repoRoot, "packages"))
    .flatMap((pkg) => (fs.existsSync(path.join(repoRoot, "packages", pkg, "src")) ? sources(path.join(repoRoot, "packages", pkg, "src")) : []));
  expect(files.flatMap(castsToNever)).toEqual([]);
});

// What a model id looks like is the spec's x-monet-model-id-pattern (openapi.yaml's root), which
// scripts/spec-check.mjs reads: no hand-written source writes that pattern again.
test("hand-written sources do not write the spec's model-id pattern again", () => {
  const source: string = JSON.parse(fs.readFileSync(path.join(repoRoot, "openapi/dist/openapi.json"), "utf8"))["x-monet-model-id-pattern"];
  expect(source).toMatch(/^\^.+\$$/);
  // Its body, anchors aside: a regex literal or a string of the same rule holds it.
  const body = source.slice(1, -1);
  const files = [
    ...fs
      .readdirSync(path.join(repoRoot, "packages"))
      .flatMap((pkg) => (fs.existsSync(path.join(repoRoot, "packages", pkg, "src")) ? sources(path.join(repoRoot, "packages", pkg, "src")) : [])),
    ...sources(path.join(repoRoot, "scripts")),
  ];
  expect(files.filter((f) => fs.readFileSync(f, "utf8").includes(body)).map((f) => path.relative(repoRoot, f))).toEqual([]);
});
