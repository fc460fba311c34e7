// Runs the built `monet` as a subprocess (pipes: no terminal) or in a pseudo-terminal (script(1)).
import { spawn } from "node:child_process";
import path from "node:path";

export const bin = path.resolve(import.meta.dirname, "../dist/cli.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function monet(args: string[], opts: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, MONET_POLL_INTERVAL: "50", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(opts.stdin ?? "");
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The CLI in a pseudo-terminal: everything it wrote to the terminal (stdout and stderr), raw. */
export function monetInPty(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<{ code: number; screen: string }> {
  const cmd = [process.execPath, bin, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    cwd: opts.cwd,
    env: { ...process.env, MONET_POLL_INTERVAL: "50", TERM: "xterm", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (d) => (screen += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, screen })));
}
