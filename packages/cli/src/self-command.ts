// The words that start this CLI again, for the commands it prints (`resume`, a rerun): an agent
// runs them as printed. `monet` only when it was started by that name (npm's bin link, a global
// install); from npx's cache, `npx -y @monet-ai/cli` again; otherwise the way it was started
// (`node /abs/path/cli.js`), since `monet` may be on no PATH at all.
import path from "node:path";
import { name } from "./package-info.js";

export function selfWords(argv1 = process.argv[1]): string[] {
  // The packages it fetched live in npx's cache (~/.npm/_npx/<hash>/node_modules/.bin/monet).
  // (Not npm's npm_command=exec: it is inherited by everything below an `npx` or `pnpm exec`.)
  if (argv1 && /[\\/]_npx[\\/]/.test(argv1)) return ["npx", "-y", name];
  if (!argv1 || path.basename(argv1).replace(/\.[cm]?js$/, "") === "monet") return ["monet"];
  // Node makes argv[1] absolute: the command works from any folder.
  return [path.basename(process.execPath).replace(/\.exe$/, "") === "node" ? "node" : process.execPath, argv1];
}
