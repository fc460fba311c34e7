// kubb (plugin-ts + plugin-client, fetch): typed SDK functions per operation.
import { createTask } from "../kubb/clients/createTask.ts";
import type { FileUpload } from "../kubb/types/FileUpload.ts";

export const calls = [
  createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 }, idempotency_key: "k1" }),
  createTask({ type: "video", input: { model: "sora-2", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error sora-2 takes a duration of 10 or 15
  createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 5 }, idempotency_key: "k1" }),
  // @ts-expect-error idempotency_key is required
  createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 } }),
  createTask({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error flux-2-dev is an image model, not a video model
  createTask({ type: "video", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
];

type Upload = FileUpload["file"];
export const upload: Upload = new Blob(["bytes"]);
export const asBlob: Blob = upload;
// @ts-expect-error the upload is bytes, not a string
export const notText: Upload = "bytes";
