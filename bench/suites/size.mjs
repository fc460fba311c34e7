// Size: what a browser bundle pays, minified + gzipped, for one call of each SDK.
import { bundleSize } from "../lib/bundle.mjs";

export const entries = [
  {
    name: "replicate (one call)",
    source: `import Replicate from "replicate";
      new Replicate({ auth: "r8_x" }).predictions.create({ version: "v", input: { prompt: "a cat" } }).then(console.log);`,
  },
  {
    name: "@fal-ai/client (one call)",
    source: `import { fal } from "@fal-ai/client";
      fal.subscribe("fal-ai/flux/dev", { input: { prompt: "a cat" } }).then(console.log);`,
  },
  {
    name: "openai (one call)",
    source: `import OpenAI from "openai";
      new OpenAI({ apiKey: "sk", dangerouslyAllowBrowser: true }).images.generate({ prompt: "a cat" }).then(console.log);`,
  },
  {
    name: "@monet-ai/client create + wait",
    source: `import { Monet } from "@monet-ai/client";
      const monet = new Monet({ apiKey: "monet_x", dangerouslyAllowBrowser: true });
      monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })
        .then((t) => monet.tasks.wait(t.id)).then(console.log);`,
  },
  { name: "@monet-ai/client (everything)", source: `export * from "@monet-ai/client";` },
  { name: "@monet-ai/models (everything)", source: `export * from "@monet-ai/models";` },
  { name: "@monet-ai/models getModel only", source: `import { getModel } from "@monet-ai/models"; console.log(getModel("video", "sora-2"));` },
  {
    name: "@monet-ai/models/validate",
    source: `import { validateInput } from "@monet-ai/models/validate"; console.log(validateInput("video", {}));`,
  },
];

export async function run() {
  const rows = [];
  for (const e of entries) {
    try {
      const s = await bundleSize(e.source);
      rows.push({ name: e.name, "min (B)": s.min, "min+gz (B)": s.gzip });
    } catch (err) {
      rows.push({ name: e.name, "min (B)": "n/a", "min+gz (B)": "n/a", note: String(err.message).split("\n")[0] });
    }
  }
  return {
    title: "Bundle size (browser, ESM, esbuild --minify, gzip -9)",
    how: "One esbuild bundle per row; ratio against replicate's one-call bundle, the smallest peer.",
    target: "@monet-ai/client create + wait <= 6 kB min+gz",
    baseline: "replicate (one call)",
    key: "min+gz (B)",
    columns: ["name", "min (B)", "min+gz (B)", "ratio"],
    rows,
  };
}
