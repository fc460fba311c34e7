// The TypeScript types of the whole spec (every schema, and each operation's arguments, errors and
// responses), generated once by @hey-api/openapi-ts into @monet-ai/models, where every package
// reads them: one type set for the catalog, the client and the tools. Types only: the client has
// its own transport (retries, typed errors, key redaction), so hey-api's runtime client is not
// generated.
import fs from "node:fs";
import path from "node:path";
import { createClient } from "@hey-api/openapi-ts";
import { knownValues, readBundledSpec } from "./spec-models.mjs";

export const SPEC_TYPES_OUT = "packages/models/src/generated/spec";

/**
 * The schemas that are open enums: `anyOf` a string enum (the known values) and a bare string
 * (any other, such as a task status newer than this spec).
 */
export function openEnums(spec) {
  const isBareString = (b) => b.type === "string" && !b.enum && !b.pattern && !b.format;
  return Object.entries(spec.components.schemas)
    .filter(([, s]) => s.anyOf?.length === 2 && s.anyOf.some(isBareString) && knownValues(spec, s))
    .map(([name]) => name);
}

export async function generateSpecTypes({ out }) {
  const dir = path.join(out, SPEC_TYPES_OUT);
  await createClient({
    input: path.join(out, "openapi/dist/openapi.json"),
    output: { path: dir, module: { extension: ".js" } },
    plugins: ["@hey-api/typescript"],
    logs: { level: "silent" },
  });
  // hey-api writes an open enum as `'a' | 'b' | string`, which TypeScript reduces to `string`:
  // editors then offer none of the known values. `string & {}` keeps them offered, any string allowed.
  const file = path.join(dir, "types.gen.ts");
  let types = fs.readFileSync(file, "utf8");
  for (const name of openEnums(readBundledSpec(out))) {
    const line = new RegExp(`^(export type ${name} = [^;\\n]*) \\| string;$`, "m");
    if (!line.test(types)) throw new Error(`hey-api no longer writes the open enum ${name} as "... | string": update gen-spec-types.mjs`);
    types = types.replace(line, "$1 | (string & {});");
  }
  fs.writeFileSync(file, types);
}
