// Runs the built `monet` as a subprocess (pipes: no terminal) or in a pseudo-terminal (script(1)).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The built CLI itself (`node .../dist/cli.js`: it then prints commands that start that way). */
export const cliJs = path.resolve(import.meta.dirname, "../dist/cli.js");
/**
 * The CLI as an install runs it: npm's bin link, a file named `monet` leading to dist/cli.js, so
 * the commands it prints (resume, rerun) start with `monet` (self-command.ts).
 */
const binDir = fs.mkdtempSync(path.join(os.tmpdir(), "monet-bin-"));
export const bin = path.join(binDir, "monet");
fs.symlinkSync(cliJs, bin);
process.on("exit", () => fs.rmSync(binDir, { recursive: true, force: true }));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function monet(args: string[], opts: { cwd: string; env?: Record<string, string>; stdin?: string; bin?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [opts.bin ?? bin, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, MONET_POLL_INTERVAL: "50", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // A command refused before it reads its input exits with its stdin unread: the write's EPIPE
    // is that, not a failure (its exit code and output are what the test reads).
    child.stdin.on("error", () => {});
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

/**
 * A command line the CLI printed for the user to paste, run by bash as pasted, with `monet` being
 * this built CLI (stdin closed: a printed command must never wait on the terminal).
 */
export function runPrinted(line: string, opts: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", `monet() { ${quote(process.execPath)} ${quote(bin)} "$@"; }\n${line}`], {
      cwd: opts.cwd,
      env: { ...process.env, MONET_POLL_INTERVAL: "50", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Starts `monet args`, sends `signal` once `ready(stderr)` holds (polled, no fixed sleep), and collects what it wrote. */
export async function interrupted(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; stdin?: string; signal?: NodeJS.Signals; ready: (stderr: string) => boolean },
): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, MONET_POLL_INTERVAL: "50", ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  child.stdin.on("error", () => {}); // EPIPE from a command that exits without reading its input (see monet)
  child.stdin.end(opts.stdin ?? "");
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  for (let i = 0; !opts.ready(stderr); i++) {
    if (i > 600) {
      child.kill("SIGKILL");
      throw new Error(`never ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill(opts.signal ?? "SIGINT");
  return { code: (await closed) ?? 1, stdout, stderr };
}

/** The last line a command wrote (where the CLI puts its own command). */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

/**
 * The --json error on stderr: its one `{"error": ...}` line. Every other line must be an event
 * (an object with `event`, written while a command runs), never other text.
 */
export function jsonError(stderr: string) {
  const lines = stderr
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const errors = lines.filter((l) => "error" in l);
  if (errors.length !== 1 || lines.some((l) => !("error" in l) && typeof l.event !== "string")) throw new Error(`not one error line among events: ${stderr}`);
  return errors[0].error;
}

/** The --json event lines on stderr. */
export const jsonEvents = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .filter((e) => typeof e.event === "string");
