// The MCP server: tools (arguments checked against their schemas, results with structured
// content), the model catalog as resources, progress while waiting, and no API key in anything
// it says.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import {
  APIConnectionError,
  APIError,
  InputValidationError,
  Monet,
  MonetError,
  RateLimitError,
  type Task,
  TaskFailedError,
  WaitTimeoutError,
} from "@monet-ai/client";
import { uploadFromHandle } from "@monet-ai/client/node";
import { isFinal, KEYS_URL, SUCCESS_STATUS } from "@monet-ai/client/operations";
import { isLocalUrl } from "@monet-ai/client/outputs";
import { didYouMean, type Feature, getModel, listModels, type ModelType } from "@monet-ai/models";
import { PipelineStoppedError } from "@monet-ai/pipeline";
import { apiErrorText, withCauseQuoted } from "./api-text.js";
import { argumentChecker, keepProtoArgument, tooDeep } from "./arguments.js";
import { checkedAnswer, checkedTask, cut, errorResult, followable, quote, toolResult, Unforwardable } from "./forwarded.js";
import { isNoAnswer, NoAnswer, noAnswerAboutTask, noAnswerToCall, noAnswerToCreate, noAnswerToUpload, stoppedAnswering } from "./no-answer.js";
import { callOperation, type OperationTool } from "./operation-tools.js";
import { checkPipelineCall, type PipelineArgs, startPipeline } from "./pipeline.js";
import { pipelineProgress } from "./pipeline-progress.js";
import { CancelledBeforeRun, pipelineRuns, RunStopped } from "./pipeline-runs.js";
import { percent, progressReporter } from "./progress.js";
import { rateLimited } from "./rate-limited.js";
import { redactor } from "./redact.js";
import { detailOf, INDEX_URI, listResources, MODEL_TEMPLATE, readResource, resourceContents, summaryOf } from "./resources.js";
import { retryKeys } from "./retry-keys.js";
import { allowedFolders } from "./roots.js";
import { stderrLines } from "./stderr-line.js";
import { DEFAULT_POLL_MS, MAX_POLL_MS, MIN_POLL_MS, tools } from "./tools.js";
import { openMedia, Refused } from "./upload.js";
import { quietLimit } from "./upload-quiet.js";
import { visible } from "./visible.js";
import { DEFAULT_MAX_WAIT_MS, reserveOf, waitBudget } from "./wait-budget.js";

export interface ServerOptions {
  /** The API key (MONET_API_KEY); kept out of every result, notification and log line. */
  apiKey?: string;
  baseUrl?: string;
  /** Why MONET_BASE_URL cannot be used (env-settings.ts): what the tools that ask the API answer. */
  baseUrlProblem?: string;
  /** Default ms between polls (MONET_POLL_INTERVAL), held to 1 s..60 s. */
  pollInterval?: number;
  /**
   * Longest ms a call that asks the API takes before it answers (MONET_MCP_MAX_WAIT): a wait with
   * the task as it stands, any call with what to call again when the API said nothing; for
   * upload_file, the longest the upload may stand still.
   */
  maxWait?: number;
  /** Folders upload_file may read when the client declares no roots (MONET_MCP_ROOTS). */
  roots: string[];
  /** Debug lines (MONET_LOG=debug), already free of the key. */
  log?: (line: string) => void;
  /** Lines for whoever runs the server (a client root skipped); stderr by default. */
  warn?: (line: string) => void;
  version: string;
}

/** Polling never faster than once a second, whatever the caller or the environment asks. */
export const clampPoll = (ms: number | undefined) =>
  typeof ms === "number" && Number.isFinite(ms) ? Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, ms)) : DEFAULT_POLL_MS;

class ToolError extends Error {}

/**
 * The missing-key message for whoever configures the server: an MCP host passes no options, so
 * the key goes in the server's environment, the "env" of its entry in the host's MCP config.
 */
export const noKey = (baseUrl: string | undefined) =>
  `No API key: set MONET_API_KEY in the MCP server's environment (the "env" of its entry in your MCP client's config), then restart the server. ${
    baseUrl && isLocalUrl(baseUrl)
      ? `MONET_BASE_URL ${baseUrl} is local (the mock?), where any monet_... key works: "MONET_API_KEY": "monet_test".`
      : `Get a key at ${KEYS_URL}.`
  } Listing and describing models needs no key.`;

export function createServer(opts: ServerOptions) {
  const redact = redactor(opts.apiKey);
  const server = new Server(
    { name: "monet", version: opts.version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        "Monet AI generates video, image and music. list_models and describe_model (or the monet://models resources) say which model fits and what its input takes; create_*_task runs it. Upload local media with upload_file first (only from folders the user allowed).",
    },
  );
  const defs = tools();
  const byName = new Map(defs.map((t) => [t.name, { def: t, check: argumentChecker(t) }]));

  const log = opts.log;
  const keys = retryKeys();
  const budget = waitBudget(opts.maxWait ?? DEFAULT_MAX_WAIT_MS);
  const pipelines = pipelineRuns();
  // The client's roots changed: a run whose folder is no longer allowed stops (pipeline-runs.ts).
  const folders = allowedFolders(server, opts.roots, opts.warn ?? stderrLines(redact), (allowed) => pipelines.stopOutside(allowed));
  // A closed connection stops the runs it started: nobody follows them, and no new task should cost credits.
  server.onclose = () => pipelines.stopAll();
  let monet: Monet | undefined;
  // Created on first use, so listing tools and models works without a key.
  const client = () => {
    if (monet) return monet;
    if (opts.baseUrlProblem) throw new ToolError(opts.baseUrlProblem);
    if (!(opts.apiKey ?? process.env.MONET_API_KEY)) throw new ToolError(noKey(opts.baseUrl ?? process.env.MONET_BASE_URL));
    monet = new Monet({
      ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : {}),
      ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      // stdout carries the protocol: debug lines go to the log (stderr), never console.debug.
      ...(log ? { logLevel: "debug" as const, logger: { debug: (m: string) => log(redact(m)) } } : { logLevel: "off" as const }),
    });
    return monet;
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: defs.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
      name,
      title,
      description,
      inputSchema,
      outputSchema,
      annotations,
    })),
  }));

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: listResources() }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: MODEL_TEMPLATE,
        name: "model",
        title: "A Monet AI model",
        description: `One model by type and id; ${INDEX_URI} lists them.`,
        mimeType: "application/json",
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const text = readResource(request.params.uri);
    if (text === undefined)
      throw protocolError(RESOURCE_NOT_FOUND, `No resource ${request.params.uri}; ${INDEX_URI} lists the models.`, { uri: request.params.uri });
    return resourceContents(request.params.uri, text);
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    // A call's bound counts from here: checking its arguments (a first call compiles the schema) is part of its time.
    const arrived = Date.now();
    const { name } = request.params;
    // biome-ignore lint/suspicious/noExplicitAny: checked against the tool's JSON Schema (tool.check) before any tool reads it.
    const args = (request.params.arguments ?? {}) as Record<string, any>;
    const token = request.params._meta?.progressToken;
    const tool = byName.get(name);
    if (!tool)
      throw protocolError(
        ErrorCode.InvalidParams,
        `Unknown tool ${name}${didYouMean(name, [...byName.keys()]) || "."} The tools are ${[...byName.keys()].join(", ")}.`,
      );

    // Before anything walks the arguments (the retry key's canonical JSON, the schema check), which would overflow the stack.
    const nested = tooDeep(args);
    if (nested) return errorResult(name, redact(`Invalid arguments for ${name}: ${nested}`));

    /** Waits on a task, with progress at least every second when the caller asked for progress. */
    const follow = async (run: (update: (t: Task) => Promise<void>) => Promise<Task>) => {
      const reporter =
        token === undefined
          ? undefined
          : progressReporter((u) =>
              extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, ...u, message: visible(cut(redact(u.message))) } }),
            );
      reporter?.start();
      try {
        // The last notification goes out before the result, so the agent sees 100% first.
        return await run(async (t) => void (await reporter?.update(t)));
      } finally {
        reporter?.stop();
      }
    };

    const handlers: Record<string, () => Promise<Record<string, unknown>>> = {
      list_models: async () => {
        // A provider no model has is a typo, not an empty list: said with the closest, as model ids are.
        const providers = [...new Set(listModels().map((m) => m.provider))];
        if (typeof args.provider === "string" && !providers.some((p) => p.toLowerCase() === args.provider.toLowerCase()))
          throw new ToolError(
            `Invalid arguments for list_models: no provider ${JSON.stringify(args.provider)}${didYouMean(args.provider, providers) || "."} The providers are ${providers.join(", ")}.`,
          );
        return { models: listModels({ type: args.type, provider: args.provider, feature: args.feature as Feature }).map(summaryOf) };
      },
      describe_model: async () => {
        const found = args.type ? [getModel(args.type, args.model)].filter((m) => m !== undefined) : listModels().filter((m) => m.id === args.model);
        if (!found.length)
          throw new ToolError(
            `No ${args.type ? `${args.type} ` : ""}model ${JSON.stringify(args.model)}; list_models lists them (${listModels(
              args.type ? { type: args.type } : {},
            )
              .map((m) => m.id)
              .join(", ")}).`,
          );
        return { models: found.map(detailOf) };
      },
      get_task: async () => {
        const limit = bounded();
        try {
          return await client().tasks.get(args.taskId, limit.rest());
        } catch (e) {
          throw isNoAnswer(e, extra.signal) ? noAnswerAboutTask(name, args.taskId, limit.bound, e) : e;
        } finally {
          limit.done();
        }
      },
      list_tasks: () => withinBound((rest) => client().tasks.list({ page: args.page, pageSize: args.pageSize }, rest)),
      run_pipeline: async () => {
        // A notification per finished task and a heartbeat while tasks run (pipeline-progress.ts).
        const progress =
          token === undefined
            ? undefined
            : pipelineProgress((u) =>
                extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, ...u, message: visible(cut(redact(u.message))) } }),
              );
        progress?.start();
        const limit = bounded({ waits: true });
        try {
          const { file, outDir, dryRun, retryFailed = false } = args as PipelineArgs;
          const call = await checkPipelineCall({ file, outDir, dryRun }, await folders.current()).catch((e) => {
            // Refused because the folder is no longer allowed: say what became of the run there.
            const note = e instanceof Refused ? pipelines.revokedNote(file, outDir) : undefined;
            throw note ? new Refused(`${e.message} ${note}`) : e;
          });
          if ("dryRun" in call) return call.dryRun;
          // Held to the bound: a longer run goes on here and the agent follows it (pipeline-runs.ts).
          return await pipelines.follow(
            { ...call, retryFailed, ms: limit.waitMs, signal: extra.signal, onEvent: (e) => progress?.event(e) },
            (signal, onEvent) => startPipeline(call, client(), retryFailed, { signal, onEvent }),
          );
        } finally {
          limit.done();
          progress?.stop();
        }
      },
      upload_file: async () => {
        // Every check happens before the client (and its key) is touched.
        const file = await openMedia(args.path, await folders.current());
        // A large file may rightly take longer than the bound: the bound counts only while nothing moves (upload-quiet.ts).
        // The configured bound, never a learned one: an upload is not a wait, and a client's short timeout says nothing about the API.
        const bound = budget.configured();
        const quiet = quietLimit(bound.ms, extra.signal);
        try {
          return await uploadFromHandle(client(), quiet.watch(file.handle), { ...file, signal: quiet.signal });
        } catch (e) {
          throw isNoAnswer(e, extra.signal) ? noAnswerToUpload(args.path, bound, e) : e;
        } finally {
          quiet.done();
        }
      },
    };
    const def = tool.def as OperationTool;
    if (def.operation) handlers[name] = () => withinBound((rest) => callOperation(client(), def, args, rest));
    const created = def.operation ? null : /^create_(\w+)_task$/.exec(name);
    /** The idempotency key a create sends (the agent's own, or the one for its input). */
    let createKey: string | undefined;
    if (created) {
      const type = created[1] as ModelType;
      // Without a key of its own, a retry of the same input gets the same key (retry-keys.ts).
      const key = args.idempotencyKey ?? (args.input && typeof args.input === "object" ? keys.keyFor(type, args.input) : undefined);
      createKey = key;
      const params = { type, input: args.input, ...(key !== undefined ? { idempotency_key: key } : {}) };
      handlers[name] = async () => {
        const limit = bounded({ waits: args.wait !== false });
        // No answer inside the bound: the agent gets the key that finds the task, not a timeout.
        const unanswered = (e: unknown) =>
          isNoAnswer(e, extra.signal) && key !== undefined ? noAnswerToCreate(name, key, args.idempotencyKey !== undefined, limit.bound, e) : e;
        if (args.wait === false)
          return client()
            .tasks.create(params, limit.rest())
            .catch((e) => Promise.reject(unanswered(e)))
            .finally(limit.done);
        // The task's own event stream (the client falls back to polling if it breaks).
        const task = await follow(async (update) => {
          let seen: Task | undefined;
          try {
            for await (const e of client().tasks.stream(params, {
              signal: limit.signal,
              pollInterval: clampPoll(opts.pollInterval),
              waitTimeout: limit.waitMs,
            })) {
              // An id no call can follow is refused at once, before any note or progress names it.
              seen = followable(e.task, "the create");
              await update(e.task);
              // Final statuses are the spec's: any but success (failed, cancelled, ...) is a failure.
              if (isFinal(e.task) && e.event === e.task.status) {
                if (e.task.status === SUCCESS_STATUS) return e.task;
                throw new TaskFailedError(e.task);
              }
            }
          } catch (e) {
            if (!(e instanceof WaitTimeoutError)) throw unanswered(e);
            // The polls got no answer at all until the bound: the API is gone, not the task slow.
            if (seen && e.cause instanceof APIConnectionError && !extra.signal.aborted) throw stoppedAnswering(seen, percent(seen), e.cause);
            if (seen) return seen;
            // Not known yet (no event came in time): the same key again answers with the same task,
            // asked with only what is left of the bound.
            return await client()
              .tasks.create(params, limit.rest())
              .catch((e) => Promise.reject(unanswered(e)));
          }
          throw new ToolError("The task's event stream ended before the task finished.");
        }).finally(limit.done);
        return task;
      };
    }
    if (name === "wait_for_task")
      handlers[name] = async () => {
        const limit = bounded({ waits: true });
        return follow(async (update) => {
          let seen: Task | undefined;
          try {
            const done = await client().tasks.wait(args.taskId, {
              pollInterval: clampPoll(args.pollIntervalMs ?? opts.pollInterval),
              signal: limit.signal,
              waitTimeout: limit.waitMs,
              onProgress: (t) => {
                seen = t;
                void update(t);
              },
            });
            await update(done);
            return done;
          } catch (e) {
            const unanswered = (e: unknown) => (isNoAnswer(e, extra.signal) ? noAnswerAboutTask(name, args.taskId, limit.bound, e) : e);
            if (!(e instanceof WaitTimeoutError)) throw unanswered(e);
            // The polls got no answer at all until the bound: the API is gone, not the task slow.
            if (seen && e.cause instanceof APIConnectionError && !extra.signal.aborted) throw stoppedAnswering(seen, percent(seen), e.cause);
            if (seen) return seen;
            return await client()
              .tasks.get(args.taskId, limit.rest())
              .catch((e) => Promise.reject(unanswered(e)));
          }
        }).finally(limit.done);
      };

    /**
     * This call's bound: its wait ends `reserveOf(ms)` early, and the request after it gets only
     * what is left (that time as its timeout and as a signal, so no attempt or retry runs past it).
     * A client that cancels waits sooner, repeatedly at the same time, teaches the server its
     * timeout (wait-budget.ts); a cancel of any other call (a read, an upload) says nothing of it.
     */
    function bounded(o: { waits?: boolean } = {}) {
      const started = arrived;
      const bound = budget.bound();
      const ms = bound.ms;
      const cancelled = () => budget.cancelledAfter(Date.now() - started);
      if (o.waits) extra.signal.addEventListener("abort", cancelled, { once: true });
      return {
        ms,
        bound,
        waitMs: ms - reserveOf(ms),
        signal: extra.signal,
        rest: () => {
          const left = Math.max(1, started + ms - Date.now());
          return { timeout: left, signal: AbortSignal.any([extra.signal, AbortSignal.timeout(left)]) };
        },
        done: () => extra.signal.removeEventListener("abort", cancelled),
      };
    }

    // What the tool does, which says whether calling it again after no answer is safe.
    const does = { readOnly: tool.def.annotations.readOnlyHint, idempotent: tool.def.annotations.idempotentHint === true };
    /**
     * A call that is one request (with its retries), held to the bound: with no answer inside it,
     * the agent is told whether calling again is safe, from what the tool does.
     */
    async function withinBound(ask: (rest: { timeout: number; signal: AbortSignal }) => Promise<object>) {
      const limit = bounded();
      try {
        return (await ask(limit.rest())) as Record<string, unknown>;
      } catch (e) {
        throw isNoAnswer(e, extra.signal) ? noAnswerToCall(name, does, limit.bound, e) : e;
      } finally {
        limit.done();
      }
    }

    const problems = tool.check(args);
    if (problems.length) return errorResult(name, redact(`Invalid arguments for ${name}: ${problems.join("; ")}`));
    // A call the client waited out to its answer, past the cancels a lowered bound came from, unlearns it (wait-budget.ts).
    const answered = () => {
      if (!extra.signal.aborted) budget.answeredAfter(Date.now() - arrived);
    };
    try {
      // Redacted before anything is cut (a cut key is no longer found whole); then checked (forwarded.ts).
      let result = redact(await handlers[name]().finally(answered));
      const notes: string[] = [];
      const origins = opts.baseUrl ? [opts.baseUrl] : [];
      if (created || name === "get_task" || name === "wait_for_task")
        result = checkedTask(result as unknown as Task, name, origins, notes) as unknown as Record<string, unknown>;
      // A generic operation tool: the same checks wherever its answer's schema holds a task.
      if (def.operation) result = checkedAnswer(result, def.outputSchema, name, origins, notes) as Record<string, unknown>;
      if (name === "list_tasks" && Array.isArray(result.tasks))
        result = { ...result, tasks: result.tasks.map((t: Task, i: number) => checkedTask(t, `list_tasks (task ${i})`, origins, notes)) };
      // A task a wait left running: the agent is told how to follow it, above the task itself.
      const waited = (created && args.wait !== false) || name === "wait_for_task";
      if (waited && !isFinal(result as unknown as Task)) notes.unshift(stillRunning(result as unknown as Task));
      if (created && args.idempotencyKey === undefined) keys.made(created[1], args.input, (result as unknown as Task).id);
      // The finished task was handed over: the same input again is a new request.
      if ((created || name === "get_task" || name === "wait_for_task") && isFinal(result as unknown as Task) && !extra.signal.aborted)
        keys.ended((result as unknown as Task).id);
      return toolResult(name, result, notes);
    } catch (e) {
      // A failed task was handed over: the same input again is a new request.
      if (e instanceof TaskFailedError) {
        if (created && args.idempotencyKey === undefined) keys.made(created[1], args.input, e.task.id);
        keys.ended(e.task.id);
      }
      // The agent gets the reason as a tool error it can act on (an input problem names the field).
      const text =
        e instanceof Refused
          ? `${name} refused: ${e.message}`
          : e instanceof InputValidationError
            ? // An argument the client refused before sending (a taskId with a slash): worded as the other argument errors.
              `Invalid arguments for ${name}: ${e.message.replace(/^Invalid input: /, "")}`
            : e instanceof APIError && e.status === 413 && created
              ? // The API's own text may name its HTTP upload route: the agent's way is the upload_file tool.
                `${apiErrorText(e)} (The task request was larger than the API takes: shorten long fields such as the prompt, and pass media as URLs from the upload_file tool, never inline.)`
              : e instanceof RateLimitError
                ? rateLimited(e, {
                    tool: name,
                    ...does,
                    ...(createKey !== undefined ? { create: { key: createKey, ownKey: args.idempotencyKey !== undefined } } : {}),
                  })
                : e instanceof MonetError
                  ? // The API's words quoted as data after the server's (api-text.ts); the client's own as they are.
                    (apiErrorText(
                      e,
                      created && createKey !== undefined
                        ? `The task may have been created: call ${name} again with idempotencyKey ${JSON.stringify(createKey)} and the same input to get that task, never a second one.`
                        : undefined,
                    ) ?? `${e.name}: ${e.message}`)
                  : e instanceof ToolError || e instanceof NoAnswer || e instanceof Unforwardable || e instanceof CancelledBeforeRun
                    ? e.message
                    : `Error: ${(e as Error)?.message ?? e}`;
      // A stopped run says why and what helps as fields an agent can branch on, beside the text.
      if (e instanceof PipelineStoppedError) return errorResult(name, redact(withCauseQuoted(text, e.cause)), redact(stopped(e)));
      if (e instanceof RunStopped) return errorResult(name, redact(e.message), redact(e.answer));
      return errorResult(name, redact(text));
    }
  });

  // Each message as the transport read it, before the SDK's schema drops an own "__proto__" argument (arguments.ts).
  const connect = server.connect.bind(server);
  server.connect = async (transport) => {
    await connect(transport);
    const read = transport.onmessage;
    transport.onmessage = (message, extra) => read?.(keepProtoArgument(message) as typeof message, extra);
  };

  return server;
}

/** What an agent does with a task a wait left running: follow it by id, not create it again. */
export const stillRunning = (t: Task) =>
  `Task ${quote(t.id)} is still ${quote(String(t.status), 40)} (${percent(t)}%) and goes on running. To follow it, call wait_for_task with taskId ${quote(t.id)} (again, until it finishes); get_task reads it once. Do not create it again.`;

/** A pipeline run that stopped because no request could work: why, where it stands, and what to do. */
const stopped = (e: PipelineStoppedError) => ({
  status: "stopped",
  reason: e.reason,
  summary: e.summary,
  ...(e.manifest ? { manifest: e.manifest } : {}),
  next:
    e.reason === "auth"
      ? "The API refused the key: set a valid MONET_API_KEY for this MCP server, then call run_pipeline again with the same file and outDir. It resumes: tasks already created are re-attached, never created twice."
      : e.reason === "disk"
        ? "The disk of outDir is full: once there is space on it, call run_pipeline again with the same file and outDir. It resumes: tasks already created are re-attached, never created twice."
        : "The API could not be reached: call run_pipeline again with the same file and outDir once it answers. It resumes: tasks already created are re-attached, never created twice.",
});

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * A JSON-RPC error for the SDK to send as it is. Not McpError: its message already carries
 * "MCP error <code>: ", which the client's McpError then prefixes again.
 */
const protocolError = (code: number, message: string, data?: unknown) =>
  Object.assign(new Error(visible(message)), { code, ...(data !== undefined ? { data } : {}) });
