// openapi-typescript's documented recipe for file uploads: its CLI types `format: binary` as
// `string`; through its Node API, a `transform` makes it a Blob. Usage: node this.mjs SPEC OUT
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const [spec, out] = process.argv.slice(2);
const ast = await openapiTS(pathToFileURL(spec), {
  defaultNonNullable: false, // a field with a default stays optional in request bodies
  transform(schema) {
    if (schema.format === "binary") return ts.factory.createTypeReferenceNode("Blob");
  },
});
fs.writeFileSync(out, astToString(ast));
