// A fresh mock, a temporary folder for pipeline files and outputs, and a client wired to both.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputValidationError, Monet } from "@monet-ai/client";
import { type MockOptions, type MockServer, startMockServer } from "@monet-ai/mock";
import { expect } from "vitest";

export const KEY = "monet_pipeline_test";

export interface Bench {
  mock: MockServer;
  dir: string;
  out: string;
  monet: Monet;
  /** Every API request the mock answered, in order (from its request logger). */
  requests: { method: string; path: string; status: number }[];
  /** Writes a file into the pipeline folder and returns its path. */
  write(name: string, text: string | Uint8Array): string;
  /** Every task the mock holds, of every key (its in-process state: the control API lists one key's own). */
  tasks(): Promise<{ id: string; status: string }[]>;
  close(): Promise<void>;
}

/** `options`: more of the mock's own options, such as its steady `rateLimit`. */
export async function bench(taskDuration = 300, options: MockOptions = {}): Promise<Bench> {
  const requests: Bench["requests"] = [];
  const mock = await startMockServer({
    port: 0,
    taskDuration,
    ...options,
    // One line per request: "<METHOD> <path> <status> <ms>ms".
    logger: (line) => {
      const [method, path, status] = line.split(" ");
      if (path.startsWith("/api/")) requests.push({ method, path, status: Number(status) });
    },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-pipeline-"));
  const out = path.join(dir, "out");
  return {
    mock,
    dir,
    out,
    monet: new Monet({ apiKey: KEY, baseUrl: mock.url }),
    requests,
    write(name, text) {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
    tasks: async () => mock.state.tasks.all().map((t) => mock.state.tasks.view(t, mock.url)),
    close: async () => {
      await mock.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The issue's example pipeline. */
export const EXAMPLE = `# yaml-language-server: $schema=../schema/pipeline.schema.json
name: product-teasers
concurrency: 4
items:
  - { product: red sneaker }
  - { product: blue backpack }
steps:
  still:
    foreach: items
    type: image
    input:
      model: flux-2-dev
      prompt: "Studio photo of a \${{ item.product }}"
      aspect_ratio: "16:9"
  clip:
    foreach: items
    type: video
    input:
      model: kling-2-6
      prompt: "Slow orbit around the \${{ item.product }}"
      images: ["\${{ steps.still.outputs[0].url }}"]
  jingle:
    type: music
    input: { model: minimax-music, prompt: "Upbeat jingle" }
`;

/** The bytes the mock serves at `url`. */
export const bytesAt = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** The message of a run refused for its output folder: an InputValidationError naming outDir alone. */
export async function outDirRefusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputValidationError);
  const { issues } = err as InputValidationError;
  expect(issues.map((i) => i.path)).toEqual(["outDir"]);
  return issues[0].message;
}

/** The output folder's journal file, and its records as JSON (the lines a crash left whole). */
export const journalOf = (out: string) => path.join(out, ".pipeline", "journal.jsonl");
export const journalRecords = (out: string) =>
  fs
    .readFileSync(journalOf(out), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { t: string; [k: string]: unknown });

/** A client whose first create reaches the mock and whose answer never reaches the run: the run is stopped then (a kill). */
export function killedAtCreate(b: Bench): { client: Monet; signal: AbortSignal } {
  const stop = new AbortController();
  const cutOff: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (init?.method === "POST" && String(input).endsWith("/tasks/async")) {
      stop.abort(new Error("killed"));
      throw stop.signal.reason;
    }
    return res;
  };
  return { client: new Monet({ apiKey: KEY, baseUrl: b.mock.url, fetch: cutOff }), signal: stop.signal };
}

/** The docs' example image: a real PNG the mock and the uploads take. */
export const PNG = fs.readFileSync(path.join(import.meta.dirname, "../../../docs/examples/character.png"));

/** A pipeline of one item `a` whose image (refs/a.png) one flux-kontext-pro step restyles with `prompt`. */
export const restylePipe = (name: string, prompt: string) => `name: ${name}
items:
  - { id: a, img: refs/a.png }
steps:
  still:
    foreach: items
    type: image
    input: { model: flux-kontext-pro, prompt: "${prompt}", images: ["\${{ item.img }}"] }
`;
