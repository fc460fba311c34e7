// The TypeScript types of the whole spec (every schema, and each operation's arguments, errors and
// responses), generated once by @hey-api/openapi-ts into @monet-ai/models, where every package
// reads them: one type set for the catalog, the client and the tools. Types only: the client has
// its own transport (retries, typed errors, key redaction), so hey-api's runtime client is not
// generated.
import path from "node:path";
import { createClient } from "@hey-api/openapi-ts";

export const SPEC_TYPES_OUT = "packages/models/src/generated/spec";

export async function generateSpecTypes({ out }) {
  await createClient({
    input: path.join(out, "openapi/dist/openapi.json"),
    output: { path: path.join(out, SPEC_TYPES_OUT), module: { extension: ".js" } },
    plugins: ["@hey-api/typescript"],
    logs: { level: "silent" },
  });
}
