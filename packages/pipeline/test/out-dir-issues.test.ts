// The dry run's output-folder check: the run's refusal becomes issues on `outDir`, and any other
// failure of the check (a folder it may not read) is thrown as it is, never taken for "no issues",
// or the dry run would print "Every input is valid" for a folder the run then cannot use.
import { InputValidationError } from "@monet-ai/client";
import { expect, test } from "vitest";
import { outDirIssues } from "../src/out-dir-checks.js";

test("a refusal of the folder is the dry run's issues on outDir; a passing check has none", () => {
  const refuse = () => {
    throw new InputValidationError([{ path: "outDir", message: "outDir holds another pipeline's manifest.json" }]);
  };
  expect(outDirIssues(refuse)).toEqual([{ path: "outDir", message: "outDir holds another pipeline's manifest.json" }]);
  expect(outDirIssues(() => {})).toEqual([]);
});

test("a check that fails otherwise (permission denied) is thrown as it is, not reported as a valid folder", () => {
  const denied = Object.assign(new Error("EACCES: permission denied, scandir 'out'"), { code: "EACCES" });
  expect(() =>
    outDirIssues(() => {
      throw denied;
    }),
  ).toThrow(denied);
});
