// A stream whose server goes away: surface it in the UI instead of waiting in silence.
// After the stream breaks, the client polls the same task; while those polls fail the loop gets
// no event and no error, up to the stream's waitTimeout (30 min by default). Each failed poll is
// a retry named "wait <task id>": count them, and abort the stream's signal to end it.
import { AbortError, Monet } from "@monet-ai/client";
import { startMockServer } from "@monet-ai/mock";

const mock = await startMockServer({ port: 0 }); // stands in for a server that goes away
const giveUp = new AbortController();
const monet = new Monet({
  apiKey: "monet_test",
  baseUrl: mock.url,
  retry: {
    onRetry: ({ what, retry, error }) => {
      if (!what.startsWith("wait ")) return;
      console.log(`no answer (${error.name}), poll ${retry}`); // e.g. "Reconnecting..." in your UI
      if (retry >= 2) giveUp.abort(error); // your bound: a few polls, not half an hour
    },
  },
});

try {
  const stream = monet.tasks.stream(
    { type: "image", input: { model: "flux-2-dev", prompt: "A lighthouse on a cliff at dawn" } },
    { signal: giveUp.signal }, // or a shorter waitTimeout, which ends it with WaitTimeoutError
  );
  for await (const event of stream) {
    console.log(event.event);
    if (event.event === "created") await mock.close(); // the server goes away mid-stream
  }
} catch (e) {
  if (!(e instanceof AbortError)) throw e;
  // The task may still finish on the server: keep its id to look it up later.
  console.log(`gave up on task ${e.taskId}: the server stopped answering`);
}
