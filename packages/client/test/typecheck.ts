// Type-checks consumer code in memory with the TypeScript compiler API (strict, NodeNext, like a
// user's project): the diagnostics, each with the source text it points at, and the checker's
// counters, which are deterministic (unlike its timings).
import path from "node:path";
import ts from "typescript";

const options: ts.CompilerOptions = {
  noEmit: true,
  strict: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
};

export interface Checked {
  /** Each error as `line: text it points at: message` (line 1-based). */
  errors: { line: number; at: string; message: string }[];
  /** Types the checker created, and type instantiations, for this file. */
  types: number;
  instantiations: number;
}

/** Checks `code` as a file of this test folder (so `../src/index.js` is the client's source). */
export function typecheck(code: string): Checked {
  const file = path.join(import.meta.dirname, "__consumer__.ts");
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, code, lang) : read(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file);
  if (!source) throw new Error("the consumer file was not loaded");
  const errors = program.getSemanticDiagnostics(source).map((d) => ({
    line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
    at: code.slice(d.start, (d.start ?? 0) + (d.length ?? 0)),
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
  // The counters `tsc --extendedDiagnostics` prints: on the checker, left out of its public typings.
  const checker = program.getTypeChecker() as ts.TypeChecker & { getTypeCount(): number; getInstantiationCount(): number };
  return { errors, types: checker.getTypeCount(), instantiations: checker.getInstantiationCount() };
}

/** The names an editor offers at the `|` in `code` (the TypeScript language service, as in VS Code). */
export function completionsAt(code: string): string[] {
  const at = code.indexOf("|");
  const text = code.slice(0, at) + code.slice(at + 1);
  const file = path.join(import.meta.dirname, "__consumer__.ts");
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => import.meta.dirname,
    getCompilationSettings: () => options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return service.getCompletionsAtPosition(file, at, {})?.entries.map((e) => e.name) ?? [];
}
