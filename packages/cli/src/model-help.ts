// A model's inputs as flags, for `monet models show <id>` and `monet generate <type> --model <id> --help`.
import type { ModelInfo } from "@monet-ai/models";
import { flagOf } from "./fields.js";
import { table } from "./output.js";

export function modelFlags(m: ModelInfo): string {
  const rows = m.fields.map((f) => ({
    flag: f.kind === "string[]" ? `${flagOf(f)} <url|file>...` : flagOf(f),
    kind: f.kind,
    required: f.required ? "yes" : "",
    allowed: f.enum?.join(" | ") ?? [f.minimum, f.maximum].filter((x) => x !== undefined).join("-"),
    default: f.default,
  }));
  const lists = m.fields.filter((f) => f.kind === "string[]").map((f) => `--${f.name.replace(/s$/, "")}`);
  return [
    table(rows, ["flag", "kind", "required", "allowed", "default"]),
    ...(lists.length ? [`\nLists take several values (${flagOf(m.fields.find((f) => f.kind === "string[]")!)} a.png b.png) or repeat (${lists[0]} a.png ${lists[0]} b.png); local files are uploaded first.`] : []),
  ].join("\n");
}

export function modelHelp(m: ModelInfo): string {
  const example = `monet generate ${m.type} --model ${m.id}${m.fields.filter((f) => f.required && f.kind === "string").map((f) => ` ${flagOf(f)} "..."`).join("")}`;
  return `${m.name} (${m.id}, ${m.type}, ${m.provider}): ${m.tagline}\n\n${modelFlags(m)}\n\nexample: ${example}`;
}
