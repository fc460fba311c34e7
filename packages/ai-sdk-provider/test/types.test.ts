// tsc --noEmit over the sources and test/types.ts: the models satisfy ImageModelV4 and
// VideoModelV4, and a wrong provider option is a compile error.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "vitest";

test("the models satisfy the AI SDK's provider interfaces (tsc --noEmit)", () => {
  const root = path.resolve(import.meta.dirname, "../../..");
  let out = "";
  try {
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", path.resolve(import.meta.dirname, "../tsconfig.json")],
      { encoding: "utf8" },
    );
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
}, 120_000);
