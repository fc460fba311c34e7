// What the site tells a reader to run, taken from the page text the docs build renders (the
// decorated spec's guide and model-guide sections), run as written against the mock: the CLI
// guide's install line names the package and its `monet` call makes a file; its MCP config
// starts a server a real MCP client talks to; the Pipelines guide names the package that has
// `monet`; the mock guide and the model guide say how to aim samples at the mock, and a model
// guide TypeScript sample run that way prints its task's status and output URL.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decorate } from "../../scripts/build-docs.mjs";
import { nodeBinary, supportedNodes } from "../../scripts/node.mjs";
import { repoRoot } from "../support/seed.ts";
import { spec } from "../support/spec.ts";

const site = decorate(spec);
const page = (name: string): string => {
  const tag = site.tags.find((t: { name: string }) => t.name === name);
  if (!tag) throw new Error(`no page "${name}" on the site`);
  return tag.description;
};
const blocks = (md: string, lang: string) => [...md.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]);
/** The model guide page's "Running a sample" section, which follows the compare table. */
const running = (md: string) => md.split(/^## Running a sample$/m)[1]?.split(/^## /m)[0] ?? "";
const cliJs = path.join(repoRoot, "packages/cli/dist/cli.js");
const mcpJs = path.join(repoRoot, "packages/mcp/dist/index.js");
/** The environment without any MONET_ variable of the machine running the tests. */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONET_"))) as Record<string, string>;

let mock: MockServer;
const tmp: string[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, taskDuration: 200 });
});
afterAll(async () => {
  await mock?.close();
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "monet-guide-"));
  tmp.push(d);
  return d;
};

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", script], { cwd, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe("the Command line and MCP page", () => {
  const md = () => page("Command line and MCP");

  test("says how to install the CLI and runs its sample call against the mock as written", async () => {
    expect(md()).toContain("npm install -g @monet-ai/cli");
    expect(md()).toMatch(/npx -y @monet-ai\/cli/);
    const call = blocks(md(), "sh").find((b) => b.includes("monet generate"));
    expect(call, "a block with a monet generate call").toBeDefined();
    // `monet` is the workspace's built CLI; the mock is where the reader's MONET_BASE_URL points.
    const cwd = tmpDir();
    const { code, out } = await bash(`monet() { "${process.execPath}" "${cliJs}" "$@"; }\n${call}`, cwd, { ...cleanEnv(), MONET_BASE_URL: mock.url });
    expect(code, out).toBe(0);
    const outDir = call!.match(/--out (\S+)/)![1];
    expect(fs.readdirSync(path.join(cwd, outDir)).length, out).toBeGreaterThan(0);
  }, 90_000);

  test("gives an MCP client config that starts the server a real MCP client can use", async () => {
    const config = JSON.parse(blocks(md(), "json")[0]);
    const server = config.mcpServers.monet;
    // `npx -y @monet-ai/mcp` is the package's bin: here, the workspace's build of it.
    expect([server.command, ...server.args]).toEqual(["npx", "-y", "@monet-ai/mcp"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "packages/mcp/package.json"), "utf8"));
    expect(pkg.name).toBe("@monet-ai/mcp");
    const roots = tmpDir();
    const client = new Client({ name: "docs-guide", version: "0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [mcpJs],
        env: { ...cleanEnv(), ...server.env, MONET_MCP_ROOTS: roots, MONET_BASE_URL: mock.url },
        stderr: "pipe",
      }),
    );
    try {
      const result = await client.callTool({ name: "create_image_task", arguments: { input: { model: "flux-2-dev", prompt: "A lighthouse" } } });
      expect(result.isError, JSON.stringify(result)).toBeFalsy();
      expect((result.structuredContent as { status: string }).status).toBe("success");
    } finally {
      await client.close();
    }
  }, 90_000);

  test("the Pipelines page names the package that has the monet command", () => {
    const pipelines = page("Pipelines");
    expect(pipelines).toContain("monet pipeline run");
    expect(pipelines).toContain("npm install -g @monet-ai/cli");
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "packages/cli/package.json"), "utf8"));
    expect(Object.keys(pkg.bin)).toContain("monet");
  });
});

describe("aiming the samples at the mock", () => {
  test("the mock guide and the model guide say to set MONET_BASE_URL and change the curl host", () => {
    for (const name of ["Using the mock for frontend work", "Video models", "Image models", "Music models"]) {
      const md = page(name);
      expect(md, name).toContain("MONET_BASE_URL=http://127.0.0.1:4020");
      expect(md, name).toMatch(/replace\s+`https:\/\/monet\.vision`\s+with\s+`http:\/\/127\.0\.0\.1:4020`/);
    }
    const mockGuide = page("Using the mock for frontend work");
    for (const user of ["@monet-ai/client", "@monet-ai/cli", "@monet-ai/mcp", "@monet-ai/ai-sdk-provider"]) expect(mockGuide).toContain(user);
  });

  test.each(["Image models", "Music models"])(
    "the %s page's first TypeScript sample, run as the page says, prints its status and output URL",
    async (name) => {
      const md = page(name);
      const sample = blocks(md.replace(running(md), ""), "ts")[0];
      // Bundled from docs/ so that its imports resolve to the workspace packages, as in a project.
      const file = path.join(tmpDir(), "sample.mjs");
      await build({
        stdin: { contents: sample, resolveDir: path.join(repoRoot, "docs"), loader: "ts" },
        bundle: true,
        platform: "node",
        format: "esm",
        outfile: file,
        logLevel: "silent",
      });
      const exports = mockGuideExports();
      const { code, out } = await bash(`"${process.execPath}" "${file}"`, path.dirname(file), { ...cleanEnv(), ...exports });
      expect(code, out).toBe(0);
      expect(out.trim()).toMatch(new RegExp(`^success ${mock.url.replace(/[.]/g, "\\.")}/\\S+$`));
    },
    90_000,
  );

  // "A clip from my photo" is the call most readers come for: the page says how to send a file
  // from their disk, and its sample, run in a project with the client installed and a photo
  // beside it, uploads the photo to the mock and creates the task with it.
  test.each(["Video models", "Image models"])(
    "the %s page's local-file sample, run as the page says beside a photo, uploads it and prints its status and output URL",
    async (name) => {
      const notes = running(page(name));
      const sample = blocks(notes, "ts")[0];
      expect(sample, `${name}: a sample under "Running a sample"`).toBeDefined();
      const photo = /fileFromPath\("([^"]+)"\)/.exec(sample)?.[1];
      expect(photo, "the sample names the local file").toBeDefined();
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", type: "commonjs" }));
      fs.mkdirSync(path.join(dir, "node_modules/@monet-ai"), { recursive: true });
      fs.symlinkSync(path.join(repoRoot, "packages/client"), path.join(dir, "node_modules/@monet-ai/client"));
      const bytes = fs.readFileSync(path.join(repoRoot, "docs/examples/character.png"));
      fs.writeFileSync(path.join(dir, photo!), bytes);
      fs.writeFileSync(path.join(dir, "sample.mjs"), sample);
      const before = mock.state.files.list(mock.url).length;
      const { code, out } = await bash(`"${process.execPath}" sample.mjs`, dir, { ...cleanEnv(), ...mockGuideExports() });
      expect(code, out).toBe(0);
      expect(out.trim()).toMatch(new RegExp(`^success ${mock.url.replace(/[.]/g, "\\.")}/\\S+$`));
      const uploaded = mock.state.files.list(mock.url).slice(before);
      expect(uploaded).toHaveLength(1);
      expect(uploaded[0]).toMatchObject({ content_type: "image/png", size: bytes.length });
    },
    90_000,
  );
});

describe("the model guide's intro", () => {
  const pages = ["Video models", "Image models", "Music models"];

  // The audit's F9: a 1,700-character paragraph (checks, idempotency, the mock, ES modules,
  // placeholders) stood before the table a reader came for; it is now a section after the table.
  test("opens with at most two short sentences before the compare table, which link the notes on running a sample after it", () => {
    for (const name of pages) {
      const md = page(name);
      const before = md.split(/^## Compare at a glance$/m)[0].trim();
      expect(before.length, `${name}: ${before.length} characters before the table`).toBeLessThanOrEqual(300);
      expect(before.split(/(?<=\.)\s+(?=[A-Z[])/).length, name).toBeLessThanOrEqual(2);
      expect(before).toMatch(/\[Running a sample\]\(#\/\w+-models\/running-a-sample\)/);
      expect(md.indexOf("## Running a sample"), name).toBeGreaterThan(md.indexOf("## Compare at a glance"));
      expect(running(md).length, name).toBeGreaterThan(before.length);
    }
  });

  test("says who checks the fields (the client and the mock), not that the API checks every one", () => {
    for (const name of pages) {
      expect(page(name), name).not.toMatch(/checked by the API/);
      expect(page(name), name).toMatch(/checked before sending by `@monet-ai\/client` and by the mock/);
    }
  });

  test("says the sample media URLs are placeholders on each page whose samples send one", () => {
    const example = new URL(spec.components.schemas.MediaUrl.examples[0]);
    const prefix = `${example.origin}/${example.pathname.split("/")[1]}/`;
    for (const name of pages) {
      const notes = running(page(name));
      const sends = page(name).replace(notes, "").includes(prefix);
      expect(notes.includes(`\`${prefix}...\`) are placeholders`), name).toBe(sends);
    }
    expect(pages.filter((n) => page(n).includes(prefix)).length).toBeGreaterThan(0);
  });

  // The audit's F3: `.mts` was offered to everyone, and Node 20 (the client's floor) stops at it.
  test("says how to save and run a TypeScript sample: each file it names runs on every Node line the client supports, `.mts` from the Node it names, and the error it names is Node's for a .js in a CommonJS project", async () => {
    const md = page("Music models");
    const intro = running(md);
    const quoted = intro.match(/Node stops at "([^"]+)"/)?.[1];
    expect(quoted, "the intro names the error").toBeDefined();
    // The names in "save one as ..." (up to the end of its clause or sentence).
    const names = [...(intro.match(/save one as (.+?)(?:[:;]|\.\s)/)?.[1] ?? "").matchAll(/`[^`]*?(\.\w+)`/g)].map((m) => m[1]);
    expect(names.length, "the intro says what to save a sample as").toBeGreaterThan(0);
    const mtsFrom = intro
      .match(/`node sample\.mts`[^.]*?from (\d+)\.(\d+)/)
      ?.slice(1)
      .map(Number);
    expect(mtsFrom, "the intro says from which Node `node sample.mts` runs").toBeDefined();
    // A project as `npm init` writes it, with the client installed (the workspace's build).
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", type: "commonjs" }));
    fs.mkdirSync(path.join(dir, "node_modules/@monet-ai"), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "packages/client"), path.join(dir, "node_modules/@monet-ai/client"));
    const sample = blocks(md, "ts")[0];
    const env = { ...cleanEnv(), ...mockGuideExports() };
    const floor = Number(JSON.parse(fs.readFileSync(path.join(repoRoot, "packages/client/package.json"), "utf8")).engines.node.match(/\d+/)[0]);
    for (const [major, version] of Object.entries(supportedNodes).filter(([m]) => Number(m) >= floor)) {
      const node = nodeBinary(version);
      for (const ext of names) {
        fs.writeFileSync(path.join(dir, `sample${ext}`), sample);
        const ran = await bash(`"${node}" sample${ext}`, dir, env);
        expect(ran.code, `node sample${ext} on Node ${version}: ${ran.out}`).toBe(0);
        expect(ran.out).toMatch(/^success /m);
      }
      const [minor] = version.split(".").slice(1).map(Number);
      if (Number(major) > mtsFrom![0] || (Number(major) === mtsFrom![0] && minor >= mtsFrom![1])) {
        fs.writeFileSync(path.join(dir, "sample.mts"), sample);
        const ran = await bash(`"${node}" sample.mts`, dir, env);
        expect(ran.code, `node sample.mts on Node ${version}: ${ran.out}`).toBe(0);
      }
    }
    fs.writeFileSync(path.join(dir, "sample.js"), sample);
    const asJs = await bash(`"${process.execPath}" sample.js`, dir, env);
    expect(asJs.code).not.toBe(0);
    expect(asJs.out).toContain(quoted);
  }, 180_000);
});

/** The variables the mock guide tells the reader to export, with the mock's port as this test's. */
function mockGuideExports(): Record<string, string> {
  const block = blocks(page("Using the mock for frontend work"), "sh").find((b) => b.includes("export MONET_BASE_URL"))!;
  const vars = Object.fromEntries([...block.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  expect(Object.keys(vars).sort()).toEqual(["MONET_API_KEY", "MONET_BASE_URL"]);
  return { ...vars, MONET_BASE_URL: vars.MONET_BASE_URL.replace("http://127.0.0.1:4020", mock.url) };
}

describe("a stream whose server goes away (the audit's F1)", () => {
  test("Polling vs streaming and the mock guide say the loop ends after maxUnreachablePolls with the task's id, and how to show it meanwhile", () => {
    for (const name of ["Polling vs streaming", "Using the mock for frontend work"]) {
      const md = page(name);
      // It sat silent for up to waitTimeout; the client now ends it (s19).
      expect(md, name).not.toMatch(/no event and no error/);
      for (const word of ["`maxUnreachablePolls`", "`APIConnectionError`", "`taskId`", "`retry.onRetry`"]) expect(md, name).toContain(word);
    }
    const guide = page("Polling vs streaming");
    for (const option of ["`waitTimeout`", "`signal`", "`tasks.wait(taskId)`"]) expect(guide).toContain(option);
  });

  test("the page's sample, run as written, stops its mock mid-stream and the loop ends at its maxUnreachablePolls", async () => {
    const sample = blocks(page("Polling vs streaming"), "ts").find((b) => b.includes("docs/examples/stream-outage.ts"));
    expect(sample, "the page shows stream-outage.ts").toBeDefined();
    const file = path.join(tmpDir(), "sample.mjs");
    await build({
      stdin: { contents: sample!, resolveDir: path.join(repoRoot, "docs"), loader: "ts" },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: file,
      logLevel: "silent",
    });
    const { code, out } = await bash(`"${process.execPath}" "${file}"`, path.dirname(file), cleanEnv());
    expect(code, out).toBe(0);
    expect(out).toMatch(/^created$/m);
    expect(out).toMatch(/^no answer \(APIConnectionError\), poll 1$/m);
    expect(out).toMatch(/^gave up on task task_\S+: the server stopped answering$/m);
  }, 90_000);
});

describe("Prism's answers (the audit's F3)", () => {
  test("the mock guide says Prism answers every create and stream with the spec's one example, of the type that example has", () => {
    const md = page("Using the mock for frontend work");
    const created = spec.paths["/api/v1/tasks/async"].post.responses["200"].content["application/json"];
    const example = created.example ?? Object.values<any>(created.examples ?? {})[0]?.value;
    expect(example?.type, "the spec documents one create answer with a type").toBeDefined();
    expect(md).toMatch(
      new RegExp(
        `Prism answers every create and every stream with the one\\s+example answer the spec documents for that operation \\(a \`${example.type}\` task\\)`,
      ),
    );
    expect(md).toMatch(/the mock \(`@monet-ai\/mock`\) answers each task with outputs of its\s+own type and model/);
  });
});
