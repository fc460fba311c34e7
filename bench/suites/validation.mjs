// Validation cost: validateInput per call, next to Ajv's compiled validator of the same schema
// (the usual JSON Schema route) as the baseline.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { median } from "../lib/report.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function ajvFor(schemaName) {
  const spec = JSON.parse(fs.readFileSync(path.join(root, "openapi/dist/openapi.json"), "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addSchema({ $id: "s", components: spec.components });
  return ajv.getSchema(`s#/components/schemas/${schemaName}`);
}

function nsPerCall(fn, input, batches, perBatch) {
  for (let i = 0; i < perBatch; i++) fn(input); // warm-up
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn(input);
    samples.push(Number(process.hrtime.bigint() - t) / perBatch);
  }
  return median(samples);
}

export async function run({ quick }) {
  const { validateInput } = await import("@monet-ai/models/validate");
  const inputs = {
    typical: ["video", "VideoSora2Input", { model: "sora-2", prompt: "A cat running in the park", duration: 10, aspect_ratio: "16:9" }],
    largest: [
      "image",
      "ImageNanoBanana2Input",
      {
        model: "nano-banana-2",
        prompt: "A panoramic banner of a futuristic city skyline ".repeat(8),
        images: Array.from({ length: 14 }, (_, i) => `https://files.monet.vision/uploads/ref-${i}.png`),
        aspect_ratio: "8:1",
        resolution: "4K",
      },
    ],
    invalid: ["video", "VideoSora2Input", { model: "sora-2", prompt: "", duration: 5, colour: "red" }],
  };
  const [batches, perBatch] = quick ? [3, 200] : [15, 20_000];
  const rows = [];
  for (const [label, [type, schema, input]] of Object.entries(inputs)) {
    const ajv = ajvFor(schema);
    const base = nsPerCall((i) => ajv(i), input, batches, perBatch);
    const ours = nsPerCall((i) => validateInput(type, i), input, batches, perBatch);
    rows.push({ name: `Ajv compiled (${label})`, "ns/call": base, ratio: "1.00x" });
    rows.push({ name: `validateInput (${label})`, "ns/call": ours, ratio: `${(ours / base).toFixed(2)}x` });
  }
  return {
    title: "Input validation cost per call",
    how: `median of ${batches} batches of ${perBatch} calls, after a warm-up batch; each validateInput row is a ratio against Ajv's compiled validator of the same model schema just above it (Ajv compiles once, ahead of time; validateInput reads compact catalog rules).`,
    columns: ["name", "ns/call", "ratio"],
    rows,
  };
}
