// Size: what a browser bundle pays, minified + gzipped, for one call of each SDK.

import { entries as clientEntries, measure } from "../../packages/client/scripts/size.mjs";
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
  // The client's own measure: code-split bundle, loaded-at-start (create + wait) vs everything.
  { name: "@monet-ai/client create + wait (loaded at start)", client: "createAndWait", part: "eager" },
  // The validator and every model's rules load with the first create: what that call has loaded by then.
  { name: "@monet-ai/client create + wait (by the first create)", client: "createAndWait", part: "firstCreate" },
  { name: "@monet-ai/client everything", client: "everything", part: "total" },
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
      if (e.client) {
        const s = await measure(clientEntries[e.client]);
        rows.push({ name: e.name, "min (B)": "", "min+gz (B)": s[e.part] });
        continue;
      }
      const s = await bundleSize(e.source);
      rows.push({ name: e.name, "min (B)": s.min, "min+gz (B)": s.gzip });
    } catch (err) {
      rows.push({ name: e.name, "min (B)": "n/a", "min+gz (B)": "n/a", note: String(err.message).split("\n")[0] });
    }
  }
  return {
    title: "Bundle size (browser, ESM, esbuild --minify, gzip -9)",
    how: "One esbuild bundle per row; the client rows use code splitting (the validator loads on the first create; streaming, uploads and paging on first use) and count what loads at start, by the end of the first create, or every chunk; ratio against replicate's one-call bundle, the smallest peer.",
    target: "@monet-ai/client create + wait <= 6 kB min+gz",
    baseline: "replicate (one call)",
    key: "min+gz (B)",
    columns: ["name", "min (B)", "min+gz (B)", "ratio"],
    rows,
  };
}
