// swagger-typescript-api (fetch): an `Api` class with one method per operation.
import { Api, type FileUpload } from "../swagger-typescript-api/api.ts";

const monet = new Api({ baseUrl: "http://127.0.0.1:9" }).api;

export const calls = [
  monet.createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 }, idempotency_key: "k1" }),
  monet.createTask({ type: "video", input: { model: "sora-2", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error sora-2 takes a duration of 10 or 15
  monet.createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 5 }, idempotency_key: "k1" }),
  // @ts-expect-error idempotency_key is required
  monet.createTask({ type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 } }),
  monet.createTask({ type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
  // @ts-expect-error flux-2-dev is an image model, not a video model
  monet.createTask({ type: "video", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" }),
];

// It types the part as the DOM `File` (a Blob with a name).
type Upload = FileUpload["file"];
export const upload: Upload = new File(["bytes"], "cat.png", { type: "image/png" });
export const asBlob: Blob = upload;
// @ts-expect-error the upload is bytes, not a string
export const notText: Upload = "bytes";
