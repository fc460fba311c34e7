// What the server passes on from the API, bounded and checked: a lying or broken API picks every
// string, id and URL of its answers, and the agent reads them as text it may act on. So tasks
// the server hands over keep ids a call can follow (the client's taskId rule), output URLs the
// client would fetch (its output-URL rule, as run_pipeline applies it) and at most the outputs the
// client fetches (MAX_OUTPUTS); every string is cut to MAX_TEXT with a marker; and a whole result
// stays far below the MCP SDK client's 10 MiB stdio line, past which it closes the session.

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Task } from "@monet-ai/client";
import { cut as cutText, isFollowableTaskId } from "@monet-ai/client/operations";
import { checkOutputUrl, MAX_OUTPUTS } from "@monet-ai/client/outputs";
import { rulesOf } from "./advertised-schema.js";
import { schemas } from "./generated/api.gen.js";
import { visible } from "./visible.js";

/**
 * The longest string forwarded, in characters (about 1,000 tokens): less than one model's
 * description (`describe_model wan-2-5` is 4,408 characters, README "Token cost"). A real error
 * message or task error is a sentence, a signed output URL well under it.
 */
export const MAX_TEXT = 4000;
/**
 * The largest result, text and structuredContent together, in bytes of JSON: 2 MiB, five times
 * under the SDK client's 10 MiB line (STDIO_DEFAULT_MAX_BUFFER_SIZE) and more than an agent's
 * context holds; a full page of 100 real tasks is a few hundred KB.
 */
export const MAX_RESULT_BYTES = 2 * 1024 * 1024;

/** `s`, at most `max` characters and a marker saying how many more there were (the client's own cut of server text). */
export const cut = (s: string, max = MAX_TEXT) => cutText(s, max);

/** A server-made string in a note: one line (JSON-escaped), cut. */
export const quote = (s: string, max = 200) => JSON.stringify(cut(s, max));

/** Every string (and key) of `v` cut to MAX_TEXT. */
export function cutDeep<T>(v: T): T {
  if (typeof v === "string") return cut(v) as T;
  if (Array.isArray(v)) return v.map(cutDeep) as T;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [cut(k), cutDeep(x)])) as T;
  return v;
}

/** An API answer the server will not hand on: its message says what was wrong. */
export class Unforwardable extends Error {
  override name = "Unforwardable";
}

/** A task id no call can follow: refused, as the client refuses it in a create's answer. */
export const unfollowable = (where: string, id: string) =>
  new Unforwardable(
    `The API answered ${where} with task id ${quote(id, 100)}, which no call can follow (${
      id.length > MAX_TEXT ? `longer than the ${MAX_TEXT} characters this server forwards` : "get_task and wait_for_task refuse it"
    }): the API's answer is wrong, so this task cannot be handed on.`,
  );

/**
 * Refuses a task whose id the spec's taskId rule refuses (a stream event, a list's entry, a get's
 * answer), or that only a cut could forward (a cut id names no task).
 */
export function followable(t: Task, where: string): Task {
  const id: unknown = t?.id;
  if (typeof id !== "string" || !isFollowableTaskId(id) || id.length > MAX_TEXT) throw unfollowable(where, String(id));
  return t;
}

/**
 * The task as handed to the agent: its id checked, at most MAX_OUTPUTS outputs, and each output URL
 * the client's rule refuses left out, with `refused` saying why. `notes` gets one line per change.
 */
export function checkedTask(t: Task, where: string, allowOrigins: readonly string[], notes: string[]): Task {
  followable(t, where);
  if (!Array.isArray(t.outputs)) return t;
  const name = quote(t.id);
  let outputs = t.outputs;
  if (outputs.length > MAX_OUTPUTS) {
    notes.push(`Task ${name} lists ${outputs.length} outputs; no Monet model makes more than one, so only the first ${MAX_OUTPUTS} are shown.`);
    outputs = outputs.slice(0, MAX_OUTPUTS);
  }
  return {
    ...t,
    outputs: outputs.map((o, i) => {
      if (!o || typeof o !== "object" || o.url === undefined) return o;
      try {
        // The URL as the client fetches it (outputs(): its href), so what hid in it is percent-encoded.
        if (typeof o.url !== "string") throw new Error("refused a URL that is not a string");
        return { ...o, url: checkOutputUrl(o.url, allowOrigins).href };
      } catch (e) {
        const why = cut((e as Error).message, 300);
        notes.push(`Output ${i} of task ${name}: its URL was left out, ${why}.`);
        const { url: _left, ...rest } = o;
        return { ...rest, refused: why };
      }
    }),
  };
}

/** The rules of the spec's Task schema: where an answer's schema holds them, the answer holds a task. */
const TASK_SCHEMA = JSON.stringify(rulesOf(schemas.Task));

type Schema = Record<string, unknown>;

/**
 * A generic operation tool's answer (operation-tools.ts) checked as the friendly tools' answers
 * are: every value where the answer's schema (the spec's) puts a Task goes through checkedTask
 * (the answer itself, a list's entries, a stream event's `task`), and a `task_id` beside it (a
 * stream's error event names the task to poll) must be an id a call can follow.
 */
export function checkedAnswer(v: unknown, schema: Schema | undefined, where: string, allowOrigins: readonly string[], notes: string[]): unknown {
  if (!schema || v === null || typeof v !== "object") return v;
  if (JSON.stringify(rulesOf(schema)) === TASK_SCHEMA) return checkedTask(v as Task, where, allowOrigins, notes);
  if (Array.isArray(v)) {
    const items = schema.items as Schema | undefined;
    return v.map((x, i) => checkedAnswer(x, items, `${where} (item ${i})`, allowOrigins, notes));
  }
  // The properties the schema gives this value: its own, or those of a oneOf/anyOf branch.
  const branches = [schema, ...((schema.oneOf ?? schema.anyOf ?? []) as Schema[])];
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const [k, x] of Object.entries(out)) {
    if ((k === "task_id" || k === "taskId") && x !== undefined) followable({ id: x } as Task, where);
    const at = branches.map((b) => (b.properties as Record<string, Schema> | undefined)?.[k]).find(Boolean);
    out[k] = checkedAnswer(x, at, where, allowOrigins, notes);
  }
  return out;
}

/**
 * The result for the agent: notes first, then the value as compact JSON and as structuredContent,
 * every string cut; the text with what would not show as itself escaped (visible.ts: the JSON
 * still decodes to the same value).
 */
export function toolResult(name: string, value: Record<string, unknown>, notes: string[]): CallToolResult {
  const structured = cutDeep(value);
  return sized(name, {
    content: [...notes.map((text) => ({ type: "text" as const, text: visible(cut(text)) })), { type: "text", text: visible(JSON.stringify(structured)) }],
    structuredContent: structured,
  });
}

/** A tool error: its text cut (a 15 MB error body becomes its start and a count) and escaped (visible.ts), and any structured content cut too. */
export const errorResult = (name: string, text: string, structured?: Record<string, unknown>): CallToolResult =>
  sized(name, { content: [{ type: "text", text: visible(cut(text)) }], isError: true, ...(structured ? { structuredContent: cutDeep(structured) } : {}) });

/** The last resort: a result past MAX_RESULT_BYTES becomes an error saying so, never a line that ends the session. */
function sized(name: string, r: CallToolResult): CallToolResult {
  const bytes = Buffer.byteLength(JSON.stringify(r));
  if (bytes <= MAX_RESULT_BYTES) return r;
  return {
    content: [
      {
        type: "text",
        text: `The answer to ${name} is ${bytes} bytes as JSON, more than the ${MAX_RESULT_BYTES} this server forwards (no agent could read it whole), so it was left out.${
          name === "list_tasks" ? " Ask for a smaller pageSize." : ""
        }`,
      },
    ],
    isError: true,
  };
}
