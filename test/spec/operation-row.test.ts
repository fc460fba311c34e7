// One row type for the operations table, generated beside it (scripts/gen-operations.mjs): every
// generated row is checked against it (`satisfies OperationRow`), so a generator change that
// breaks the shape fails the type check; and no hand-written source restates the shape of a row
// or of a parameter, or the untyped view of `monet.request` (the client exports them).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { callsModule, operationModule, operationRowModule, specOperations } from "../../scripts/gen-operations.mjs";
import { readBundledSpec } from "../../scripts/spec-models.mjs";
import { repoRoot } from "../support/seed.ts";

const ops = specOperations(readBundledSpec(repoRoot));
// A row with a path parameter, to break one field at a time.
const templated = ops.find((o: { path: string; params: unknown[] }) => o.params.length && o.path.includes("{"))!;

/** The type errors of generated modules written to a temporary folder, by file name. */
function typeErrors(files: Record<string, string>): Record<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-oprow-"));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const program = ts.createProgram(
      Object.keys(files).map((f) => path.join(dir, f)),
      {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
        lib: ["lib.es2023.d.ts"],
      },
    );
    const errors: Record<string, string[]> = {};
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file ? path.relative(dir, d.file.fileName) : "(global)";
      const line = d.file && d.start !== undefined ? d.file.text.split("\n")[d.file.getLineAndCharacterOfPosition(d.start).line].trim() : "";
      errors[file] = [...(errors[file] ?? []), `${line} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`];
    }
    return errors;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("the spec's rows and start-path views satisfy the generated row type", () => {
  expect(ops.length).toBeGreaterThan(1);
  const files: Record<string, string> = { "operation-row.gen.ts": operationRowModule(), "calls.gen.ts": callsModule(ops) };
  for (const op of ops) files[`operations/${op.operationId}.gen.ts`] = operationModule(op);
  expect(Object.values(files).filter((text) => text.includes("satisfies")).length).toBe(ops.length + 1);
  expect(typeErrors(files)).toEqual({});
});

test("a row of another shape fails the type check, naming the field", () => {
  expect(templated).toBeDefined();
  // Each one field away from a real row, as a broken generator would write it.
  const broken: Record<string, [field: string, row: object]> = {
    lowerMethod: ["method", { ...templated, method: "delete" }],
    headerParam: ["in", { ...templated, params: [{ ...templated.params[0], in: "header" }] }],
    textBound: ["minLength", { ...templated, params: [{ ...templated.params[0], schema: { minLength: "1" } }] }],
    streamFlag: ["streaming", { ...templated, streaming: true }],
    plainExtension: ["x-${string}", { ...templated, extensions: { "poll-interval-ms": 5000 } }],
    noResponse: ["response", { ...templated, response: undefined }],
  };
  const files: Record<string, string> = { "operation-row.gen.ts": operationRowModule() };
  for (const [id, [, row]] of Object.entries(broken)) files[`operations/${id}.gen.ts`] = operationModule({ ...row, operationId: id });
  const errors = typeErrors(files);
  expect(Object.keys(errors).sort()).toEqual(
    Object.keys(broken)
      .map((id) => `operations/${id}.gen.ts`)
      .sort(),
  );
  for (const [id, [field]] of Object.entries(broken)) expect(errors[`operations/${id}.gen.ts`].join("\n")).toContain(field);
});

// What a hand-written type would have to declare to be a copy of a row or of a parameter.
const rowKeys = ["operationId", "method", "path", "params", "body", "response", "streaming", "multipart", "json", "extensions"];
const paramKeys = ["name", "in", "required", "schema"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|mts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

/** Types in `file` that restate a row (4+ of its fields), a parameter (3+), or `request` by operation id. */
function restatedShapes(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (n: ts.Node) => `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (n: ts.Node) => {
    if (ts.isInterfaceDeclaration(n) || ts.isTypeLiteralNode(n)) {
      const names = n.members.map((m) => m.name?.getText(sf).replace(/^["']|["']$/g, ""));
      if (rowKeys.filter((k) => names.includes(k)).length >= 4) found.push(`row shape: ${at(n)}`);
      else if (paramKeys.filter((k) => names.includes(k)).length >= 3) found.push(`parameter shape: ${at(n)}`);
    }
    if (ts.isFunctionTypeNode(n) && n.parameters[0]?.name.getText(sf) === "operationId" && n.parameters[0].type?.kind === ts.SyntaxKind.StringKeyword)
      found.push(`untyped request: ${at(n)}`);
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

test("no hand-written source restates the row, a parameter, or an untyped request (they are the client's)", () => {
  const own = path.join(repoRoot, "packages/client/src/operations.ts");
  const files = fs
    .readdirSync(path.join(repoRoot, "packages"))
    .flatMap((pkg) => (fs.existsSync(path.join(repoRoot, "packages", pkg, "src")) ? sources(path.join(repoRoot, "packages", pkg, "src")) : []))
    .filter((f) => f !== own);
  expect(files.length).toBeGreaterThan(20);
  expect(files.flatMap(restatedShapes)).toEqual([]);
  // The client's own AnyRequest is found by the same check, so the check can fail.
  expect(restatedShapes(own)).toEqual([expect.stringMatching(/^untyped request: packages\/client\/src\/operations\.ts:\d+$/)]);
});
