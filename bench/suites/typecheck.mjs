// Type-check cost: `tsc --extendedDiagnostics` on a consumer that creates a task with every model,
// against an empty consumer.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(benchDir, "..");

function consumer(models) {
  const calls = models.map((m) => `  await monet.tasks.create({ type: ${JSON.stringify(m.type)}, input: ${JSON.stringify(m.example)} });`);
  return `import { Monet } from "@monet-ai/client";\nconst monet = new Monet({ apiKey: "monet_x" });\nexport async function all() {\n${calls.join("\n")}\n}\n`;
}

function diagnose(dir, file) {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  const out = execFileSync(
    process.execPath,
    [
      tsc,
      "--ignoreConfig",
      "--noEmit",
      "--extendedDiagnostics",
      "--strict",
      "--skipLibCheck",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      file,
    ],
    { cwd: dir, encoding: "utf8" },
  );
  const num = (label) => Number(new RegExp(`${label}:\\s+([\\d.]+)`).exec(out)?.[1]);
  return { check: num("Check time") * 1000, total: num("Total time") * 1000, instantiations: num("Instantiations"), types: num("Types") };
}

export async function run() {
  const models = (await import("@monet-ai/models")).listModels();
  const dir = fs.mkdtempSync(path.join(benchDir, ".tc-"));
  try {
    fs.writeFileSync(path.join(dir, "package.json"), '{"type":"module"}');
    fs.writeFileSync(path.join(dir, "empty.ts"), `import { Monet } from "@monet-ai/client";\nexport const monet = new Monet({ apiKey: "monet_x" });\n`);
    fs.writeFileSync(path.join(dir, "every-model.ts"), consumer(models));
    const rows = [
      { name: "consumer importing the client", ...diagnose(dir, "empty.ts") },
      { name: `consumer creating a task with each of ${models.length} models`, ...diagnose(dir, "every-model.ts") },
    ].map((r) => ({ name: r.name, "check (ms)": r.check, "total (ms)": r.total, instantiations: r.instantiations, types: r.types }));
    return {
      title: "Type-check cost (tsc --extendedDiagnostics)",
      how: "One tsc run per row (strict, NodeNext, skipLibCheck) in a temp folder inside bench/; ratio of check time against the consumer that only imports the client.",
      baseline: rows[0].name,
      key: "check (ms)",
      columns: ["name", "check (ms)", "total (ms)", "instantiations", "types", "ratio"],
      rows,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
