// A model's inputs as flags, for `monet models show <id>` and `monet generate <type> --model <id> --help`.
import { durationText, type FieldInfo, type ModelInfo } from "@monet-ai/models";
import { flagOf } from "./fields.js";
import { table } from "./output.js";

/** A list's bounds, in the model guide's words (`at most 5`): the catalog's minItems and maxItems. */
const items = (f: FieldInfo) => [f.minItems ? `at least ${f.minItems}` : "", f.maxItems ? `at most ${f.maxItems}` : ""].filter(Boolean).join(", ");

export function modelFlags(m: ModelInfo): string {
  const rows = m.fields.map((f) => ({
    flag: f.kind === "string[]" ? `${flagOf(f)} <url|file>...` : f.kind === "boolean" ? `${flagOf(f)} [true|false]` : flagOf(f),
    kind: f.kind,
    required: f.required ? "yes" : "",
    allowed: f.enum?.join(" | ") ?? (f.kind === "string[]" ? items(f) : [f.minimum, f.maximum].filter((x) => x !== undefined).join("-")),
    default: f.default,
  }));
  const list = m.fields.find((f) => f.kind === "string[]");
  const flag = m.fields.find((f) => f.kind === "boolean");
  const file = (name: string) => (name.startsWith("video") ? "mp4" : "png");
  return [
    table(rows, ["flag", "kind", "required", "allowed", "default"]),
    ...(list
      ? [
          `\nLists take several values (${flagOf(list)} a.${file(list.name)} b.${file(list.name)}) or repeat (${flagOf(list).replace(/s$/, "")} a.${file(list.name)} ${flagOf(list).replace(/s$/, "")} b.${file(list.name)}); local files are uploaded first.`,
        ]
      : []),
    ...(flag ? [`\nA boolean flag alone is true (${flagOf(flag)}); ${flagOf(flag)} false turns it off.`] : []),
  ].join("\n");
}

export function modelHelp(m: ModelInfo): string {
  const example = `monet generate ${m.type} --model ${m.id}${m.fields
    .filter((f) => f.required && (f.kind === "string" || f.kind === "string[]"))
    .map((f) => ` ${flagOf(f)} ${f.kind === "string" ? '"..."' : `./${f.name.startsWith("video") ? "clip.mp4" : "image.png"}`}`)
    .join("")}`;
  const duration = durationText(m);
  const d = m.deprecated;
  const deprecated = d ? `deprecated${d.replacement ? `: use ${d.replacement} instead` : ""}${d.note ? `. ${d.note}` : ""}\n` : "";
  return `${m.name} (${m.id}, ${m.type}, ${m.provider}): ${m.tagline}\n${deprecated}${duration ? `duration: ${duration}\n` : ""}\n${modelFlags(m)}\n\nexample: ${example}`;
}
