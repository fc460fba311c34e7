// The CLI's own package.json, read once: its version for --version, its name for the npx
// command it prints (self-command.ts).
import fs from "node:fs";

export const { name, version } = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };
