// What `import "@monet-ai/models"` makes V8 parse. A top-level object or array literal is parsed in
// full when its module loads, before anyone calls anything; the same data as JSON text is scanned as
// one string and read by JSON.parse, several times faster, or on first use when the text sits in a
// function (the catalog). Issue 20: cold import. So the main entry's modules hold no large literal.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, test } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));
// Larger than any hand-written table (FEATURE_BY_FIELD is ~400 characters); the rules were ~7,000.
const MAX_LITERAL = 1_000;

/** The source files `index.ts` loads, following relative imports and re-exports. */
function moduleGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const file = ts.createSourceFile(entry, fs.readFileSync(entry, "utf8"), ts.ScriptTarget.Latest);
  for (const s of file.statements)
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      const spec = s.moduleSpecifier.text;
      const typeOnly = ts.isImportDeclaration(s) ? s.importClause?.isTypeOnly : s.isTypeOnly;
      if (spec.startsWith(".") && !typeOnly) moduleGraph(path.resolve(path.dirname(entry), spec.replace(/\.js$/, ".ts")), seen);
    }
  return seen;
}

/** Top-level `const`/`let`/`var` whose value is an object or array literal longer than MAX_LITERAL. */
function largeLiterals(file: string) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const s of sf.statements)
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations) {
        let v = d.initializer;
        while (v && (ts.isAsExpression(v) || ts.isSatisfiesExpression(v) || ts.isParenthesizedExpression(v))) v = v.expression;
        if (v && (ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v)) && v.getText(sf).length > MAX_LITERAL)
          found.push(`${path.relative(src, file)}: ${d.name.getText(sf)} (${v.getText(sf).length} characters)`);
      }
  return found;
}

test("the main entry's modules hold no large literal at top level: data a call needs is parsed on first use", () => {
  const files = moduleGraph(path.join(src, "index.ts"));
  expect(files.has(path.join(src, "generated", "rules.ts"))).toBe(true);
  expect([...files].flatMap(largeLiterals)).toEqual([]);
});
