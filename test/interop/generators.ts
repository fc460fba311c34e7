// The outside generators the interop suite runs on the bundled spec: for each, the command a
// user would type (as argv, run from `cwd`) and the folder it writes below the output root.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const specJson = path.join(repoRoot, "openapi/dist/openapi.json");
const bin = (name: string) => path.join(here, "node_modules/.bin", name);

export interface Generator {
  name: string;
  /** argv: a program and its arguments. */
  command(out: string): string[];
  /** Where it runs. openapi-typescript runs in the repository root, as users would (it reads ./redocly.yaml). */
  cwd(out: string): string;
}

const kubbConfig = (out: string) => `import { defineConfig } from "@kubb/core";
import { pluginOas } from "@kubb/plugin-oas";
import { pluginTs } from "@kubb/plugin-ts";
import { pluginClient } from "@kubb/plugin-client";

export default defineConfig({
  root: ${JSON.stringify(out)},
  input: { path: ${JSON.stringify(specJson)} },
  output: { path: "./kubb", clean: true, barrelType: false, format: false, lint: false },
  plugins: [pluginOas({ output: false }), pluginTs(), pluginClient({ client: "fetch" })],
});
`;

// hey-api with its SDK validating responses (zod): the setup that rejected every streamed event
// while the stream's schema was `type: string`.
const heyApiConfig = (out: string) => `export default {
  input: ${JSON.stringify(specJson)},
  output: { path: ${JSON.stringify(path.join(out, "hey-api"))}, importFileExtension: ".ts" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", { name: "@hey-api/sdk", validator: true }, { name: "zod", compatibilityVersion: 3 }],
};
`;

export const generators: Generator[] = [
  {
    name: "hey-api (SDK, zod validator)",
    command: (out) => {
      fs.writeFileSync(path.join(out, "hey-api.config.mjs"), heyApiConfig(out));
      return [bin("openapi-ts"), "-f", path.join(out, "hey-api.config.mjs"), "--no-log-file", "-s"];
    },
    cwd: (out) => out,
  },
  {
    name: "openapi-typescript (CLI)",
    command: (out) => [
      bin("openapi-typescript"),
      "openapi/dist/openapi.json",
      "--default-non-nullable=false",
      "-o",
      path.join(out, "openapi-typescript/cli.ts"),
    ],
    cwd: () => repoRoot,
  },
  {
    name: "openapi-typescript (Node API, Blob uploads)",
    command: (out) => [process.execPath, path.join(here, "openapi-typescript-blob.mjs"), specJson, path.join(out, "openapi-typescript/api.ts")],
    cwd: () => here,
  },
  {
    name: "kubb",
    command: (out) => {
      fs.writeFileSync(path.join(out, "kubb.config.mjs"), kubbConfig(out));
      return [bin("kubb"), "generate", "--config", path.join(out, "kubb.config.mjs"), "--logLevel", "silent"];
    },
    cwd: (out) => out,
  },
  {
    name: "orval",
    command: (out) => [bin("orval"), "--input", specJson, "--output", path.join(out, "orval/api.ts"), "--client", "fetch"],
    cwd: (out) => out,
  },
  {
    name: "openapi-zod-client",
    command: (out) => [bin("openapi-zod-client"), specJson, "-o", path.join(out, "openapi-zod-client/api.ts"), "--export-schemas"],
    cwd: (out) => out,
  },
  {
    name: "swagger-typescript-api",
    command: (out) => [
      bin("swagger-typescript-api"),
      "generate",
      "--path",
      specJson,
      "--output",
      path.join(out, "swagger-typescript-api"),
      "--name",
      "api.ts",
      "--silent",
    ],
    cwd: (out) => out,
  },
];
