// Saves a finished task's outputs into a folder, named after the task.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Task } from "@monet-ai/client";

const EXT: Record<string, string> = { "video/mp4": ".mp4", "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "audio/mpeg": ".mp3", "audio/wav": ".wav" };

export async function downloadOutputs(task: Task, dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const saved: string[] = [];
  for (const [i, o] of (task.outputs ?? []).entries()) {
    if (!o.url) continue;
    const res = await fetch(o.url);
    if (!res.ok || !res.body) throw new Error(`could not download ${o.url} (HTTP ${res.status})`);
    const ext = EXT[res.headers.get("content-type")?.split(";")[0] ?? ""] ?? (path.extname(new URL(o.url).pathname) || ".bin");
    const file = path.join(dir, `${task.id}${task.outputs!.length > 1 ? `-${i}` : ""}${ext}`);
    await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(file));
    saved.push(file);
  }
  return saved;
}
