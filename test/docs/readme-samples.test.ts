// The TypeScript a reader copies from a package README type-checks (strict) against the built
// packages, each block as its own module: an option renamed, a method moved or a type narrowed
// in code fails here instead of in the reader's editor. A block is a fragment of an app, so the
// names it uses without defining (the `monet` of an earlier block, the app's own `getSession`)
// are declared for it, typed from the packages; a line the README calls a compile error must be
// one. The AI SDK provider's README has its own check against the oldest `ai` it supports
// (packages/ai-sdk-provider/test/packed.test.ts).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

const PACKAGES = ["client", "models", "mock", "proxy", "pipeline"];

/** What a fragment may use without defining it, by name: the declaration a reader's app would have. */
const CONTEXT: Record<string, string> = {
  monet: `declare const monet: import("@monet-ai/client").Monet;`,
  Monet: `declare const Monet: typeof import("@monet-ai/client").Monet;`,
  params: `declare const params: { type: "image"; input: { model: "flux-2-dev"; prompt: string } };`,
  done: `declare const done: import("@monet-ai/client").Task;`,
  url: `declare const url: string;`,
  buffer: `declare const buffer: Uint8Array;`,
  signal: `declare const signal: AbortSignal;`,
  img: `declare const img: HTMLImageElement;`,
  input: `declare const input: unknown;`,
  metrics: `declare const metrics: { count(name: string, tags: Record<string, unknown>): void };`,
  getSession: `declare function getSession(req: Request): Promise<{ id: string } | undefined>;`,
  createMonetProxy: `declare const createMonetProxy: typeof import("@monet-ai/proxy").createMonetProxy;`,
  proxy: `declare const proxy: ReturnType<typeof import("@monet-ai/proxy").createMonetProxy>;`,
  // A Hono app (all, a fetch handler) that is also an Express app (use, listen): the README shows both.
  app: `declare const app: ((req: Request) => Promise<Response>) & { all(path: string, h: (c: { req: { raw: Request } }) => unknown): void; use(path: string, h: unknown): void; listen(port: number): import("node:http").Server };`,
  server: `declare const server: import("node:http").Server;`,
  Bun: `declare const Bun: { serve(o: { fetch(req: Request): Response | Promise<Response> }): unknown };`,
  Deno: `declare const Deno: { serve(h: (req: Request) => Response | Promise<Response>): unknown };`,
};

const defines = (code: string, name: string) =>
  new RegExp(
    `\\b(const|let|var|function|class)\\s+(${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\})|^import\\s+(type\\s+)?(\\{[^}]*\\b${name}\\b[^}]*\\}|${name}\\b)`,
    "m",
  ).test(code);
// Outside comments and strings (an import's "@monet-ai/proxy" does not use `proxy`).
const uses = (code: string, name: string) => new RegExp(`(?<![.\\w$])${name}\\b`).test(code.replace(/\/\/.*$/gm, "").replace(/"[^"\n]*"/g, '""'));

interface Block {
  file: string;
  code: string;
}

/** Each ```ts block of the README, with what it uses declared, and `@ts-expect-error` before a line its comment calls a compile error. */
function blocks(pkg: string): Block[] {
  const readme = fs.readFileSync(path.join(repoRoot, "packages", pkg, "README.md"), "utf8");
  return [...readme.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m, i) => {
    const lines = m[1]!.split("\n");
    const marked = lines.flatMap((l, j) => (/^\s*\/\/ compile error/.test(lines[j + 1] ?? "") ? ["// @ts-expect-error the README says so", l] : [l]));
    const code = marked.join("\n");
    const context = Object.entries(CONTEXT)
      .filter(([name]) => uses(code, name) && !defines(code, name))
      .map(([, d]) => d);
    return { file: `${pkg}-${i}.ts`, code: [...context, code, "export {};"].join("\n") };
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-readme-"));
const all = PACKAGES.flatMap(blocks);

beforeAll(() => {
  // The packages as an app installs them: each a folder of node_modules (their own dependencies
  // resolve from where they really are).
  fs.mkdirSync(path.join(dir, "node_modules/@monet-ai"), { recursive: true });
  for (const p of PACKAGES) fs.symlinkSync(path.join(repoRoot, "packages", p), path.join(dir, "node_modules/@monet-ai", p));
  // The test runner the mock README's test sample is written for, as the app would have it.
  fs.symlinkSync(path.join(repoRoot, "node_modules/vitest"), path.join(dir, "node_modules/vitest"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "readme-app", private: true, type: "module" }));
  for (const b of all) fs.writeFileSync(path.join(dir, b.file), b.code);
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        lib: ["es2022", "dom", "dom.iterable"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
        types: ["node"],
        skipLibCheck: true,
      },
      include: ["*.ts"],
    }),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the READMEs have TypeScript blocks to check, each package's", () => {
  for (const p of PACKAGES) expect(all.filter((b) => b.file.startsWith(`${p}-`)).length, p).toBeGreaterThan(0);
  expect(all.length).toBeGreaterThanOrEqual(20);
});

test("every TypeScript block of the client, models, mock, proxy and pipeline READMEs type-checks (strict)", () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
  // Errors named by block and line, with the block's text, for the README to be fixed.
  const errors = (r.stdout + r.stderr)
    .split("\n")
    .filter((l) => /error TS/.test(l))
    .map((l) => {
      const file = l.split("(")[0]!;
      return `${l}\n${all.find((b) => b.file === file)?.code ?? ""}`;
    });
  expect(errors).toEqual([]);
}, 120_000);
