// What a stream test's server answers `tasks.stream` with: the create's parameters, a task, an SSE
// event naming it, and the stream's content type. One copy for the stream suites.

/** The create every stream test sends. */
export const params = { type: "image", input: { model: "flux-2-dev", prompt: "a cat" } } as const;
/** A task as the API answers it (the spec's Task: id, type, status, created_at). */
export const task = (id: string, status = "pending") => ({ id, type: "image", status, created_at: "2026-11-27T00:00:00Z" });
/** One SSE event of the spec's stream: its name, and the task it carries. */
export const event = (name: string, t: object) => `event: ${name}\ndata: ${JSON.stringify({ event: name, task: t })}\n\n`;
export const SSE = { "content-type": "text/event-stream" };
