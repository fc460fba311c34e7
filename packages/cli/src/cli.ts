// monet: the Monet AI API from the terminal. Models from the catalog, generation with a live
// progress bar, downloads, and --json on every command for scripts.
import path from "node:path";
import { Command } from "commander";
import { Monet, type Task } from "@monet-ai/client";
import { fileFromPath } from "@monet-ai/client/node";
import { getModel, listModels, type Feature, type ModelType } from "@monet-ai/models";
import { UsageError, buildInput, flagPairs } from "./fields.js";
import { explain, table } from "./output.js";
import { progressBar } from "./progress.js";
import { downloadOutputs } from "./download.js";

const program = new Command("monet")
  .description("Generate video, images and music with Monet AI (MONET_API_KEY).")
  .option("--base-url <url>", "API base URL, e.g. the mock's (default: MONET_BASE_URL or https://monet.vision)")
  .option("--json", "machine-readable output on stdout")
  .showHelpAfterError();

const opts = () => program.opts<{ baseUrl?: string; json?: boolean }>();
const client = () => new Monet({ baseUrl: opts().baseUrl ?? process.env.MONET_BASE_URL });
const print = (human: string, data: unknown) => console.log(opts().json ? JSON.stringify(data, null, 2) : human);
const TYPES = ["video", "image", "music"];
const checkType = (t: string) => {
  if (!TYPES.includes(t)) throw new UsageError(`type must be one of ${TYPES.join(", ")} (got ${JSON.stringify(t)})`);
  return t as ModelType;
};
const summary = (t: Task) => `${t.id}  ${t.type}  ${t.status}${t.outputs?.[0]?.progress !== undefined ? `  ${t.outputs[0].progress}%` : ""}  ${t.created_at}`;

const models = program.command("models").description("list the models (the catalog)");
models
  .option("--type <type>", "video, image or music")
  .option("--feature <feature>", "e.g. audio, reference-images, negative-prompt")
  .option("--provider <provider>", "e.g. Google")
  .action((o: { type?: string; feature?: string; provider?: string }) => {
    const list = listModels({ type: o.type ? checkType(o.type) : undefined, feature: o.feature as Feature | undefined, provider: o.provider });
    const rows = list.map((m) => ({ id: m.id, type: m.type, name: m.name, provider: m.provider, duration: m.durationSeconds ? `${m.durationSeconds.min}-${m.durationSeconds.max}s` : "", features: m.features.join(",") }));
    print(table(rows, ["id", "type", "name", "provider", "duration", "features"]), list);
  });
models
  .command("show <id>")
  .description("one model's inputs, allowed values and defaults")
  .option("--type <type>", "for ids of two types (wan-2-5)")
  .action((id: string, o: { type?: string }) => {
    const found = o.type ? [getModel(checkType(o.type), id)].filter(Boolean) : listModels().filter((m) => m.id === id);
    if (!found.length) throw new UsageError(`no model ${id}; run monet models`);
    for (const m of found) {
      const rows = m!.fields.map((f) => ({ flag: `--${f.name.replace(/_/g, "-")}`, kind: f.kind, required: f.required ? "yes" : "", allowed: f.enum?.join(" | ") ?? [f.minimum, f.maximum].filter((x) => x !== undefined).join("-"), default: f.default }));
      print(`${m!.name} (${m!.id}, ${m!.type}, ${m!.provider}): ${m!.tagline}\n\n${table(rows, ["flag", "kind", "required", "allowed", "default"])}\n\nexample: monet generate ${m!.type} --model ${m!.id}${m!.fields.filter((f) => f.required && f.kind === "string").map((f) => ` --${f.name} "..."`).join("")}`, m);
    }
  });

program
  .command("generate <type>")
  .description("create a task, show its progress, download its outputs")
  .requiredOption("--model <id>", "the model (monet models)")
  .option("--out <dir>", "where to save outputs", ".")
  .option("--no-wait", "print the task id and return")
  .allowUnknownOption()
  .allowExcessArguments()
  .action(async (type: string, o: { model: string; out: string; wait: boolean }, cmd: Command) => {
    const model = getModel(checkType(type), o.model);
    if (!model) throw new UsageError(`${o.model} is not a ${type} model; run monet models --type ${type}`);
    const rest = cmd.args.slice(1);
    const input = await buildInput(model, flagPairs(rest));
    // The client checks the input against the catalog before it uploads or sends anything.
    const monet = client();
    if (!o.wait) {
      const t = await monet.tasks.create({ type, input } as never);
      return print(t.id, t);
    }
    const bar = progressBar(!opts().json && process.stderr.isTTY === true);
    let last: Task | undefined;
    try {
      for await (const e of monet.tasks.stream({ type, input } as never, { pollInterval: Number(process.env.MONET_POLL_INTERVAL ?? 5000) })) {
        last = e.task;
        bar.update(e.task);
      }
    } finally {
      bar.stop();
    }
    if (!last || last.status !== "success") throw new Error(`task ${last?.id} ${last?.status ?? "ended"}${last?.error ? `: ${last.error.message}` : ""}`);
    const files = await downloadOutputs(last, path.resolve(o.out));
    print(`done: ${last.id}\n${files.map((f) => `saved ${path.relative(process.cwd(), f) || f}`).join("\n")}`, { task: last, files });
  });

program.command("get <id>").description("a task's status and outputs").action(async (id: string) => {
  const t = await client().tasks.get(id);
  print(`${summary(t)}${t.outputs?.map((o) => `\n  ${o.url ?? ""}`).join("") ?? ""}`, t);
});

program
  .command("wait <id>")
  .description("wait for a task, with progress, and download its outputs")
  .option("--out <dir>", "where to save outputs", ".")
  .action(async (id: string, o: { out: string }) => {
    const bar = progressBar(!opts().json && process.stderr.isTTY === true);
    const t = await client().tasks.wait(id, { onProgress: bar.update, pollInterval: Number(process.env.MONET_POLL_INTERVAL ?? 5000) }).finally(bar.stop);
    const files = await downloadOutputs(t, path.resolve(o.out));
    print(`done: ${t.id}\n${files.map((f) => `saved ${f}`).join("\n")}`, { task: t, files });
  });

program
  .command("list")
  .description("your tasks, newest first")
  .option("--page <n>", "page, from 1", "1")
  .option("--page-size <n>", "1 to 100", "20")
  .action(async (o: { page: string; pageSize: string }) => {
    const page = await client().tasks.list({ page: Number(o.page), pageSize: Number(o.pageSize) });
    print(`${table(page.tasks.map((t) => ({ id: t.id, type: t.type, status: t.status, created: t.created_at })), ["id", "type", "status", "created"])}\npage ${page.page}, ${page.total} tasks`, page);
  });

program.command("upload <file>").description("upload a file (kept 24 hours) and print its URL").action(async (file: string) => {
  const f = await client().files.upload(await fileFromPath(file));
  print(`${f.url}\nexpires ${f.expires_at ?? "in 24 hours"}`, f);
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const { line, code } = explain(e);
  console.error(line);
  process.exit(code);
}
