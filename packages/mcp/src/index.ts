// monet-mcp: a Model Context Protocol server on stdio for Monet AI (MONET_API_KEY, MONET_BASE_URL).
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { Monet, MonetError, type Task } from "@monet-ai/client";
import { fileFromPath } from "@monet-ai/client/node";
import { getModel, listModels, type Feature, type ModelType } from "@monet-ai/models";
import { tools } from "./tools.js";

const server = new Server({ name: "monet", version: "0.1.0" }, { capabilities: { tools: {} } });
let monet: Monet | undefined;
// Created on first use, so listing tools works without a key.
const client = () => (monet ??= new Monet());
const poll = () => Number(process.env.MONET_POLL_INTERVAL ?? 5000);
const text = (value: unknown) => ({ content: [{ type: "text" as const, text: typeof value === "string" ? value : JSON.stringify(value, null, 2) }] });

server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools() }));

server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const args = (request.params.arguments ?? {}) as Record<string, any>;
  const token = request.params._meta?.progressToken;
  const notify = (t: Task) =>
    token === undefined
      ? Promise.resolve()
      : extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: t.status === "success" ? 100 : (t.outputs?.[0]?.progress ?? 0), total: 100, message: `${t.id} ${t.status}` } });
  const onProgress = (t: Task) => void notify(t);
  // The last notification goes out before the result, so the agent sees 100% first.
  const waitFor = async (id: string, pollInterval: number) => {
    const done = await client().tasks.wait(id, { pollInterval, onProgress: (t) => t.status !== "success" && onProgress(t) });
    await notify(done);
    return done;
  };
  try {
    const name = request.params.name;
    const created = /^create_(video|image|music)_task$/.exec(name);
    if (created) {
      const type = created[1] as ModelType;
      const params = { type, input: args.input, ...(args.idempotency_key ? { idempotency_key: args.idempotency_key } : {}) };
      const task = await client().tasks.create(params as never);
      if (args.wait === false) return text(task);
      return text(await waitFor(task.id, poll()));
    }
    switch (name) {
      case "list_models":
        return text(listModels({ type: args.type, provider: args.provider, feature: args.feature as Feature }).map((m) => ({ id: m.id, type: m.type, name: m.name, provider: m.provider, tagline: m.tagline, features: m.features })));
      case "describe_model": {
        const found = args.type ? [getModel(args.type, args.id)].filter(Boolean) : listModels().filter((m) => m.id === args.id);
        return found.length ? text(found) : { ...text(`No model ${args.id}. Use list_models.`), isError: true };
      }
      case "get_task":
        return text(await client().tasks.get(args.task_id));
      case "wait_for_task":
        return text(await waitFor(args.task_id, args.poll_interval_ms ?? poll()));
      case "list_tasks":
        return text(await client().tasks.list({ page: args.page, pageSize: args.page_size }));
      case "upload_file":
        return text(await client().files.upload(await fileFromPath(args.path)));
    }
    return { ...text(`Unknown tool ${name}`), isError: true };
  } catch (e) {
    // The agent gets the reason as a tool error it can act on (an input problem names the field).
    return { ...text(e instanceof MonetError ? `${e.name}: ${e.message}` : String((e as Error)?.message ?? e)), isError: true };
  }
});

await server.connect(new StdioServerTransport());
