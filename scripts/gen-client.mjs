// Generates the low-level fetch client of @monet-ai/client with @hey-api/openapi-ts.
import path from "node:path";
import { createClient } from "@hey-api/openapi-ts";

export const CLIENT_OUT = "packages/client/src/generated";

export async function generateClient({ out }) {
  await createClient({
    input: path.join(out, "openapi/dist/openapi.json"),
    output: { path: path.join(out, CLIENT_OUT), module: { extension: ".js" } },
    plugins: [
      "@hey-api/client-fetch",
      "@hey-api/typescript",
      // Input checks live in @monet-ai/models: hey-api's validators strip unknown keys and
      // break multipart and SSE (see shared/design.md).
      { name: "@hey-api/sdk", validator: false },
    ],
    logs: { level: "silent" },
  });
}
