// The words of a printed command (resume.ts): a task id from a server, pasted into a shell, is one
// word with its text intact; it never carries a raw control character (s10 F1, --json `resume`)
// and an id that starts with "-" is never read as an option (s10 F8, run end to end in lying-api.test.ts).
import { execFileSync } from "node:child_process";
import { expect, test } from "vitest";
import { resumeCommand, shellWord } from "../src/resume.ts";
import { selfWords } from "../src/self-command.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

test.each([
  ["plain", "task_42"],
  ["quotes and $()", "task'$(touch x)`id`"],
  ["an unterminated OSC", "task_42\x1b]; curl x|sh"],
  ["C1, DEL and a bidi override", "a\x9d\x7f\u202eb\\'c"],
])("%s: one shell word, no raw control character, the same text back from bash", (_what, id) => {
  const word = shellWord(id);
  expect(word).not.toMatch(CONTROL);
  // bash reads it back as exactly one argument, the id.
  const back = execFileSync("bash", ["-c", `printf '%s\\0' ${word}`]).toString();
  expect(back).toBe(`${id}\0`);
});

test("an id that starts with - comes last, after --", () => {
  const o = { out: "videos", maxBytes: 2 * 1024 ** 3 };
  // This process is vitest's, not `monet`: the command starts the way it was started (below).
  const self = selfWords().map(shellWord).join(" ");
  expect(resumeCommand("--base-url=http:127.0.0.1:1", o, { baseUrl: "http://127.0.0.1:4020" })).toBe(
    `${self} --base-url http://127.0.0.1:4020 wait --out videos -- --base-url=http:127.0.0.1:1`,
  );
  expect(resumeCommand("task_1", o)).toBe(`${self} wait task_1 --out videos`);
});

// Printed commands start the way the CLI can be started again: `monet` where that is its name,
// the npx that fetched it, else node and the file that was run (an agent that ran
// `node .../cli.js` has no `monet` on its PATH; every command printed `monet`).
test.each([
  ["npm's bin link", "/usr/local/bin/monet", ["monet"]],
  ["a project's bin link", "/app/node_modules/.bin/monet", ["monet"]],
  ["npx's cache", "/home/u/.npm/_npx/8a1b/node_modules/.bin/monet", ["npx", "-y", "@monet-ai/cli"]],
  ["the file itself", "/app/node_modules/@monet-ai/cli/dist/cli.js", [expect.stringMatching(/node/), "/app/node_modules/@monet-ai/cli/dist/cli.js"]],
])("started from %s: %s", (_what, argv1, words) => {
  expect(selfWords(argv1)).toEqual(words);
});
