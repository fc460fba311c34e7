// A client that declares roots is held to them (audit s16-mcp M2). One root that cannot be decoded
// (`file://host/...`, an encoded `/`), or a roots/list that fails, used to swap all the client's
// roots for MONET_MCP_ROOTS, silently: the folder the client shared was refused, and one it never
// shared was readable. Now each undecodable root is skipped with a line on stderr and the others
// kept; with none usable, or no list, every call is refused saying why, and the env folders stay
// closed. A failed or hanging roots/list is remembered until the client sends roots/list_changed
// (each call used to ask again, and wait the full 10 s when the client never answered). Real SDK
// client over stdio, real mock, real files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { markedPng, type Started, startLoggedMock, startMcp, text } from "./support.ts";

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "monet-mcp-client-roots-")));
const shared = path.join(tmp, "shared");
const envOnly = path.join(tmp, "env-only");
let mock: MockServer;
const servers: Started[] = [];

beforeAll(async () => {
  for (const d of [shared, envOnly]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(shared, "cat.png"), markedPng("cat"));
  fs.writeFileSync(path.join(envOnly, "dog.png"), markedPng("dog"));
  ({ mock } = await startLoggedMock());
}, 30_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const start = async (listRoots: () => Promise<{ roots: { uri: string }[] }>) => {
  const s = await startMcp({ listRoots, env: { MONET_BASE_URL: mock.url, MONET_MCP_ROOTS: envOnly } });
  servers.push(s);
  return s;
};
const upload = (mcp: Started, p: string) => mcp.client.callTool({ name: "upload_file", arguments: { path: p } }) as Promise<any>;

test.each([
  ["a root on another host", "file://evilhost/share"],
  ["a root with an encoded slash", `${pathToFileURL(tmp).href}/x%2Fy`],
  ["a root that is not a file: URI", "https://example.com/share"],
])(
  "%s is skipped (and logged); the client's other root still works, MONET_MCP_ROOTS stays closed",
  async (_, bad) => {
    const mcp = await start(async () => ({ roots: [{ uri: pathToFileURL(shared).href }, { uri: bad }] }));
    const ok = await upload(mcp, path.join(shared, "cat.png"));
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent.url).toMatch(/^http/);
    const env = await upload(mcp, path.join(envOnly, "dog.png"));
    expect(env.isError).toBe(true);
    expect(text(env)).toMatch(/outside the folders upload_file may read \(client roots: /);
    expect(mcp.stderr()).toContain(`skipped client root ${JSON.stringify(bad)}`);
  },
  30_000,
);

test("declared roots none of which can be used: refused saying why, never the env folders", async () => {
  const mcp = await start(async () => ({ roots: [{ uri: "file://evilhost/share" }] }));
  const env = await upload(mcp, path.join(envOnly, "dog.png"));
  expect(env.isError).toBe(true);
  expect(text(env)).toMatch(
    /upload_file may read no folder: none of the 1 root the client declares is a local folder that exists \("file:\/\/evilhost\/share"\)/,
  );
  const run: any = await mcp.client.callTool({ name: "run_pipeline", arguments: { file: path.join(envOnly, "p.yaml"), dryRun: true } });
  expect(text(run)).toMatch(/run_pipeline may use no folder: none of the 1 root/);
}, 30_000);

test("a roots/list that fails: refused saying so, never the env folders, not asked again until the client says its roots changed", async () => {
  let asked = 0;
  let answer: () => Promise<{ roots: { uri: string }[] }> = async () => {
    throw new Error("roots are unavailable");
  };
  const mcp = await start(async () => {
    asked++;
    return answer();
  });
  for (const _ of [1, 2]) {
    const env = await upload(mcp, path.join(envOnly, "dog.png"));
    expect(env.isError).toBe(true);
    expect(text(env)).toMatch(
      /upload_file may read no folder: the client declares roots but its roots\/list failed \(.*roots are unavailable\), and no folder replaces them; the server asks again once the client sends notifications\/roots\/list_changed/,
    );
  }
  expect(asked).toBe(1);
  expect(mcp.stderr()).toMatch(/roots\/list failed/);
  // The client's roots work again and it says so: the next call asks, and its root is allowed.
  answer = async () => ({ roots: [{ uri: pathToFileURL(shared).href }] });
  await mcp.client.sendRootsListChanged();
  const ok = await upload(mcp, path.join(shared, "cat.png"));
  expect(ok.isError).toBeFalsy();
  expect(asked).toBe(2);
}, 30_000);

test("a roots/list that never answers: the first call is refused after the roots timeout, the next at once (asked once)", async () => {
  let asked = 0;
  const mcp = await start(() => {
    asked++;
    return new Promise(() => {});
  });
  for (const _ of [1, 2]) {
    const env = await upload(mcp, path.join(envOnly, "dog.png"));
    expect(env.isError).toBe(true);
    expect(text(env)).toMatch(/upload_file may read no folder: the client declares roots but its roots\/list failed \(.*timed out/i);
  }
  expect(asked).toBe(1);
}, 30_000);
