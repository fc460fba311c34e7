// What a browser app pays, min+gz, for the client: the create + wait path (the chunks loaded at
// start; the validator loads on the first create; streaming, uploads and paging on first use)
// and the whole client. Bundled from the
// built package with esbuild, as an app would. Used by test/size.test.ts and `pnpm bench`.
// The budgets the test holds it to, with a note of what each byte bought, are in size-budget.json
// beside this script (kept out of package.json, which ships to every user).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `{ createAndWait, firstCreate }`: the min+gz bytes `measure` may report for `eager` and `firstCreate`. */
export const budget = JSON.parse(fs.readFileSync(new URL("size-budget.json", import.meta.url), "utf8"));

export const entries = {
  createAndWait: `import { Monet } from "@monet-ai/client";
const monet = new Monet({ apiKey: "monet_x", dangerouslyAllowBrowser: true });
monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } })
  .then((t) => monet.tasks.wait(t.id)).then(console.log);`,
  everything: `import * as client from "@monet-ai/client"; console.log(client);
const monet = new client.Monet({ apiKey: "monet_x", dangerouslyAllowBrowser: true });
monet.tasks.stream({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" } });
monet.tasks.list(); monet.files.upload(new Blob([]));`,
};

/** min+gz bytes loaded at start (`eager`), by the end of the first create (`firstCreate`: start and the validator) and in all (`total`). */
export async function measure(source) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "monet-size-"));
  try {
    const r = await build({
      stdin: { contents: source, resolveDir: pkgDir, loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      splitting: true,
      outdir: out,
      metafile: true,
      write: true,
      logLevel: "silent",
    });
    const outputs = r.metafile.outputs;
    // The app's own entry: every lazy chunk is an entry point too, and may be listed first.
    const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint === "<stdin>");
    const walk = (o, into) => {
      if (into.has(o)) return into;
      into.add(o);
      for (const i of outputs[o].imports) if (i.kind === "import-statement") walk(i.path, into);
      return into;
    };
    const eager = walk(entry, new Set());
    const validator = Object.keys(outputs).find((o) => outputs[o].entryPoint?.includes("models/dist/validate"));
    const firstCreate = validator ? walk(validator, new Set(eager)) : eager;
    const gz = (files) => gzipSync(Buffer.concat([...files].map((f) => fs.readFileSync(path.resolve(f)))), { level: 9 }).length;
    return { eager: gz(eager), firstCreate: gz(firstCreate), total: gz(Object.keys(outputs).filter((o) => o.endsWith(".js"))) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) for (const [name, src] of Object.entries(entries)) console.log(name, await measure(src));
