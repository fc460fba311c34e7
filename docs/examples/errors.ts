// Errors and retries: what to catch, and what the client already retries for you.
import {
  InputValidationError,
  Monet,
  MonetError,
  RateLimitError,
  TaskFailedError,
} from "@monet-ai/client";

const monet = new Monet({ maxRetries: 3, timeout: 30_000 });

try {
  const task = await monet.tasks.run({
    type: "image",
    input: { model: "ideogram-v3", prompt: 'A poster that says "Open Daily"', style: "retro" },
  });
  console.log(task.outputs?.[0]?.url);
} catch (e) {
  if (e instanceof InputValidationError)
    console.error(
      "fix the input:",
      e.issues.map((i) => i.message),
    );
  else if (e instanceof TaskFailedError) console.error("the task failed:", e.task.error?.message);
  else if (e instanceof RateLimitError)
    console.error(`slow down; retry after ${e.retryAfter ?? "a few"} s`);
  else if (e instanceof MonetError)
    console.error(e.name, e.status, e.message, "request id:", e.requestId);
  else throw e;
}

// sora-2 takes 10 or 15 seconds (the reference's quick start sends 5: see "Why duration 10,
// not 5"). TypeScript refuses 5 already; from JavaScript, the client refuses it before sending.
const bad = await monet.tasks
  // @ts-expect-error duration 5 is not a sora-2 duration
  .create({ type: "video", input: { model: "sora-2", prompt: "x", duration: 5 } })
  .catch((e) => e);
console.log(bad instanceof MonetError ? bad.message : `created ${bad.id}`);
