// openapi-zod-client (zodios + zod): schemas whose inferred types catch misuse.
import type { z } from "zod";
import { schemas } from "../openapi-zod-client/api.ts";

type Body = z.input<typeof schemas.CreateTaskRequest>;
const body = (b: Body) => b;

export const bodies = [
  body({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 }, idempotency_key: "k1" }),
  body({ type: "video", input: { model: "sora-2", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error sora-2 takes a duration of 10 or 15
  body({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 5 }, idempotency_key: "k1" }),
  // @ts-expect-error idempotency_key is required
  body({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 } }),
  body({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error flux-2-dev is an image model, not a video model
  body({ type: "video", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
];

// It types the part as the global `File` (a Blob with a name).
type Upload = z.input<typeof schemas.FileUpload>["file"];
export const upload: Upload = new File(["bytes"], "cat.png", { type: "image/png" });
export const asBlob: Blob = upload;
// @ts-expect-error the upload is bytes, not a string
export const notText: Upload = "bytes";
