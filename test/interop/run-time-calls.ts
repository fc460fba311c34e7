// What a user of each generated client writes to call every operation at run time, as
// docs/guides/07-other-tools.md tells them (its per-tool workarounds included): create (JSON),
// get, the paged list, the multipart upload and the event stream. Each returns the bodies it got,
// for the suite to judge against the spec's schemas.
import path from "node:path";
import { parseSse } from "../support/sse.ts";

export interface Outcome {
  created: any;
  got: any;
  listed: any;
  uploaded: any;
  /** Each streamed event's data, or the error the tool raised instead (where the guide says it cannot stream). */
  events: unknown[] | Error;
}

const key = "monet_interop";
const auth = { Authorization: `Bearer ${key}` };
const json = { "Content-Type": "application/json" };
const body = (idempotencyKey: string) => ({
  type: "video" as const,
  input: { model: "sora-2" as const, prompt: "a cat", duration: 10 as const },
  idempotency_key: idempotencyKey,
});
const file = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], "cat.png", { type: "image/png" });
const streamData = (text: string) => parseSse(text).map((e) => e.data);
const thrown = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** `out`: the folder the generators wrote to; `baseUrl`: the server; `run`: unique per call, for idempotency keys. */
export type Use = (out: string, baseUrl: string, run: string) => Promise<Outcome>;

export const clients: Record<string, Use> = {
  async "hey-api (SDK, zod validator)"(out, baseUrl, run) {
    const sdk = await import(path.join(out, "hey-api/sdk.gen.ts"));
    const { createClient, createConfig } = await import(path.join(out, "hey-api/client/index.ts"));
    const client = createClient(createConfig({ baseUrl, auth: key, throwOnError: true }));
    const created = (await sdk.createTask({ client, body: body(`hey-${run}`) })).data;
    const got = (await sdk.getTask({ client, path: { taskId: created.id } })).data;
    const listed = (await sdk.listTasks({ client, query: { page: 1, pageSize: 5 } })).data;
    // The guide: its zod check types the part as a string, so the upload goes without it.
    const uploaded = (await sdk.uploadFile({ client, body: { file: file() }, requestValidator: undefined })).data;
    // The guide: its zod check rejects every event (typed string), so the stream goes without it; one try.
    const { stream } = await sdk.createTaskStream({ client, body: body(`hey-s-${run}`), responseValidator: undefined, sseMaxRetryAttempts: 1 });
    const events: unknown[] = [];
    for await (const e of stream) events.push(e);
    return { created, got, listed, uploaded, events };
  },

  async "openapi-typescript + openapi-fetch"(_out, baseUrl, run) {
    const createClient = (await import("openapi-fetch")).default;
    const c = createClient<any>({ baseUrl, headers: auth });
    const created = (await c.POST("/api/v1/tasks/async", { body: body(`of-${run}`) })).data;
    const got = (await c.GET("/api/v1/tasks/{taskId}", { params: { path: { taskId: created.id } } })).data;
    const listed = (await c.GET("/api/v1/tasks/list", { params: { query: { page: 1, pageSize: 5 } } })).data;
    const formData = (b: { file: Blob }) => {
      const fd = new FormData();
      fd.append("file", b.file);
      return fd;
    };
    const uploaded = (await c.POST("/api/v1/files", { body: { file: file() }, bodySerializer: formData })).data;
    const text = (await c.POST("/api/v1/tasks/sync", { body: body(`of-s-${run}`), parseAs: "text" })).data;
    return { created, got, listed, uploaded, events: streamData(text ?? "") };
  },

  async kubb(out, baseUrl, run) {
    const { setConfig } = await import("@kubb/plugin-client/clients/fetch");
    setConfig({ baseURL: baseUrl, headers: auth });
    const k = await import(path.join(out, "kubb/clients/index.ts"));
    // The guide: its fetch client sends no Content-Type for JSON, so each JSON call passes one.
    const created = await k.createTask(body(`kubb-${run}`), { headers: json });
    const got = await k.getTask(created.id);
    const listed = await k.listTasks({ page: 1, pageSize: 5 });
    const uploaded = await k.uploadFile({ file: file() });
    const events = await k.createTaskStream(body(`kubb-s-${run}`), { headers: json }).then(
      (r: unknown) => [r],
      (e: unknown) => thrown(e),
    );
    return { created, got, listed, uploaded, events };
  },

  async orval(out, baseUrl, run) {
    // orval's fetch client requests paths (`/api/v1/...`): the base URL and key come from a
    // fetch the user wraps, here for the length of this call only.
    const real = globalThis.fetch;
    globalThis.fetch = (input, init) =>
      real(typeof input === "string" ? new URL(input, baseUrl) : input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } });
    try {
      const o = await import(path.join(out, "orval/api.ts"));
      const created = (await o.createTask(body(`orval-${run}`))).data;
      const got = (await o.getTask(created.id)).data;
      const listed = (await o.listTasks({ page: 1, pageSize: 5 })).data;
      const uploaded = (await o.uploadFile({ file: file() })).data;
      const events = streamData((await o.createTaskStream(body(`orval-s-${run}`))).data);
      return { created, got, listed, uploaded, events };
    } finally {
      globalThis.fetch = real;
    }
  },

  async "openapi-zod-client"(out, baseUrl, run) {
    const { createApiClient } = await import(path.join(out, "openapi-zod-client/api.ts"));
    const api = createApiClient(baseUrl, { axiosConfig: { headers: auth } });
    const created = await api.createTask(body(`ozc-${run}`));
    const got = await api.getTask({ params: { taskId: created.id } });
    const listed = await api.listTasks({ queries: { page: 1, pageSize: 5 } });
    const uploaded = await api.uploadFile({ file: file() });
    const events = streamData(await api.createTaskStream(body(`ozc-s-${run}`)));
    return { created, got, listed, uploaded, events };
  },

  async "swagger-typescript-api"(out, baseUrl, run) {
    const { Api } = await import(path.join(out, "swagger-typescript-api/api.ts"));
    const { api } = new Api({ baseUrl, baseApiParams: { headers: auth } });
    const created = (await api.createTask(body(`sta-${run}`))).data;
    const got = (await api.getTask(created.id)).data;
    const listed = (await api.listTasks({ page: 1, pageSize: 5 })).data;
    const uploaded = (await api.uploadFile({ file: file() })).data;
    const events = streamData(await (await api.createTaskStream(body(`sta-s-${run}`))).text());
    return { created, got, listed, uploaded, events };
  },
};
