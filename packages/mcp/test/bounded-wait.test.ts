// A client's request timeout never costs the agent its task or a second paid task. The MCP SDK's
// client gives up after 60 s by default (progress does not reset it), and some hosts after much
// less. create_*_task and wait_for_task answer inside that with the task as it stands and a note
// to follow it with wait_for_task; a call retried after a timeout finds the same task. Driven by
// the SDK client over stdio against the mock, whose tasks here outlast every wait.
import { DEFAULT_REQUEST_TIMEOUT_MSEC } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { MockServer } from "@monet-ai/mock";
import { afterAll, beforeAll, expect, test } from "vitest";
import { json, type Started, startLoggedMock, startMcp, text } from "./support.ts";

let slow: MockServer;
const servers: Started[] = [];
const start = async (env: Record<string, string> = {}) => {
  const s = await startMcp({ env: { MONET_BASE_URL: slow.url, ...env } });
  servers.push(s);
  return s;
};
const video = { input: { model: "wan-2-5", prompt: "a cat", duration: 10, resolution: "1080p" } };
const listTotal = async (mcp: Started) => ((await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: 1 } })).structuredContent as any).total;

beforeAll(async () => {
  // Tasks that run for an hour: every wait below ends before they do.
  ({ mock: slow } = await startLoggedMock({ taskDuration: 3_600_000 }));
}, 30_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  await slow?.close();
});

/** The answer to a wait the task outlasted: its id and status, and a note naming wait_for_task and the id. */
function expectStillRunning(r: any) {
  expect(r.isError).toBeFalsy();
  const task = r.structuredContent;
  expect(task.id).toMatch(/^task_/);
  expect(["pending", "processing"]).toContain(task.status);
  expect(r.content[0].text).toContain(`call wait_for_task with taskId "${task.id}"`);
  // The task itself follows, as compact JSON.
  expect(JSON.parse(r.content.at(-1).text)).toEqual(task);
  return task;
}

test(
  "with the SDK's default request timeout, create_video_task answers in time with the running task's id",
  async () => {
    const mcp = await start();
    // No timeout option: the SDK's own default, not reset by progress.
    const r: any = await mcp.client.callTool({ name: "create_video_task", arguments: video }, undefined, { onprogress: () => {} });
    expectStillRunning(r);
  },
  4 * DEFAULT_REQUEST_TIMEOUT_MSEC,
);

test(
  "a client with a short timeout: its retry after a timeout creates no second task, and shows the task's id",
  async () => {
    const mcp = await start();
    const before = await listTotal(mcp);
    const short = { timeout: DEFAULT_REQUEST_TIMEOUT_MSEC / 6, onprogress: () => {} };
    // The retries: same arguments, no idempotencyKey. One cancel could be a user's Stop; the second
    // at the same time is the client's timeout, and from then on the server answers sooner.
    await expect(mcp.client.callTool({ name: "create_video_task", arguments: video }, undefined, short)).rejects.toThrow(/timed out/i);
    await expect(mcp.client.callTool({ name: "create_video_task", arguments: video }, undefined, short)).rejects.toThrow(/timed out/i);
    const task = expectStillRunning(await mcp.client.callTool({ name: "create_video_task", arguments: video }, undefined, short));
    expect(await listTotal(mcp)).toBe(before + 1);
    const waited = expectStillRunning(await mcp.client.callTool({ name: "wait_for_task", arguments: { taskId: task.id } }, undefined, short));
    expect(waited.id).toBe(task.id);
  },
  4 * DEFAULT_REQUEST_TIMEOUT_MSEC,
);

test(
  "MONET_MCP_MAX_WAIT bounds the wait; the same input again is the same task until its end was handed over; a new key makes another",
  async () => {
    const mcp = await start({ MONET_MCP_MAX_WAIT: "1500" });
    const before = await listTotal(mcp);
    const first = expectStillRunning(await mcp.client.callTool({ name: "create_video_task", arguments: video }));
    // Same input, keys in another order, with and without wait: the same task.
    const reordered = { input: { resolution: "1080p", duration: 10, prompt: "a cat", model: "wan-2-5" } };
    expect(expectStillRunning(await mcp.client.callTool({ name: "create_video_task", arguments: reordered })).id).toBe(first.id);
    expect((json(await mcp.client.callTool({ name: "create_video_task", arguments: { ...video, wait: false } })) as any).id).toBe(first.id);
    // wait: false still answers at once, with the bare task (no note).
    const other: any = await mcp.client.callTool({ name: "create_video_task", arguments: { ...video, wait: false, idempotencyKey: "second-one" } });
    expect(other.content).toHaveLength(1);
    expect(other.structuredContent.id).not.toBe(first.id);
    expect(await listTotal(mcp)).toBe(before + 2);
    expect(text(await mcp.client.callTool({ name: "list_tasks", arguments: { pageSize: 5 } }))).toContain(first.id);
    // wait_for_task is bounded the same way.
    expect(expectStillRunning(await mcp.client.callTool({ name: "wait_for_task", arguments: { taskId: first.id } })).id).toBe(first.id);
  },
  4 * DEFAULT_REQUEST_TIMEOUT_MSEC,
);

test(
  "once a finished task was handed over, the same input again makes a new task (the agent asked for another)",
  async () => {
    const { mock } = await startLoggedMock();
    try {
      const mcp = await startMcp({ env: { MONET_BASE_URL: mock.url } });
      servers.push(mcp);
      const image = { input: { model: "flux-2-dev", prompt: "a kite" } };
      const one: any = await mcp.client.callTool({ name: "create_image_task", arguments: image });
      expect(one.structuredContent.status).toBe("success");
      expect(one.content).toHaveLength(1);
      const two: any = await mcp.client.callTool({ name: "create_image_task", arguments: image });
      expect(two.structuredContent.status).toBe("success");
      expect(two.structuredContent.id).not.toBe(one.structuredContent.id);
    } finally {
      await mock.close();
    }
  },
  4 * DEFAULT_REQUEST_TIMEOUT_MSEC,
);

test("a MONET_MCP_MAX_WAIT that is not a whole number of ms is refused with a line on stderr, not used", async () => {
  const mcp = await start({ MONET_MCP_MAX_WAIT: "soon" });
  await mcp.client.listTools();
  expect(mcp.stderr()).toMatch(/MONET_MCP_MAX_WAIT must be a whole number of ms.*"soon"/);
});
