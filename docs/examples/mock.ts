// The mock in-process (Node): run tests or scripts with no key and no network.
import { Monet } from "@monet-ai/client";
import { startMockServer } from "@monet-ai/mock";

const mock = await startMockServer({ port: 0, taskDuration: 1500 });
// Any monet_... key works on the mock.
const monet = new Monet({ apiKey: "monet_anything", baseUrl: mock.url });

const ok = await monet.tasks.run(
  { type: "image", input: { model: "flux-1-schnell", prompt: "A red kite" } },
  { pollInterval: 250 },
);
console.log("output:", ok.outputs?.[0]?.url);

// "[fail]" in a prompt makes the mock fail the task, to try your error screens.
const failed = await monet.tasks
  .run(
    { type: "image", input: { model: "flux-1-schnell", prompt: "[fail]" } },
    { pollInterval: 250 },
  )
  .catch((e) => e);
console.log(failed.name);

await mock.close();
