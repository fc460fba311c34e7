// A stream whose server goes away: surface it in the UI instead of a progress bar that sits still.
// After the stream breaks, the client polls the same task. Polls that find no connection at all
// end the loop after the retry policy's maxUnreachablePolls in a row (a minute of polls by
// default), with an APIConnectionError naming the task; an API that answers, even 5xx, is waited
// for up to waitTimeout. Each failed poll is a retry named "wait <task id>": show it meanwhile.
import { APIConnectionError, Monet } from "@monet-ai/client";
import { startMockServer } from "@monet-ai/mock";

const mock = await startMockServer({ port: 0 }); // stands in for a server that goes away
const monet = new Monet({
  apiKey: "monet_test",
  baseUrl: mock.url,
  retry: {
    maxUnreachablePolls: 2, // a short bound for this sample; the default rides out a restart
    onRetry: ({ what, retry, error }) => {
      // e.g. "Reconnecting..." in your UI
      if (what.startsWith("wait ")) console.log(`no answer (${error.name}), poll ${retry}`);
    },
  },
});

try {
  const stream = monet.tasks.stream({
    type: "image",
    input: { model: "flux-2-dev", prompt: "A lighthouse on a cliff at dawn" },
  });
  for await (const event of stream) {
    console.log(event.event);
    if (event.event === "created") await mock.close(); // the server goes away mid-stream
  }
} catch (e) {
  if (!(e instanceof APIConnectionError) || e.taskId === undefined) throw e;
  // The task goes on at the API: keep its id, and wait for it again (tasks.wait) once it is back.
  console.log(`gave up on task ${e.taskId}: the server stopped answering`);
}
