// openapi-typescript + openapi-fetch: the CLI's types (run with --default-non-nullable=false)
// catch misuse; the Node API recipe types the upload as a Blob.
import createClient from "openapi-fetch";
import type { paths } from "../openapi-typescript/cli.ts";
import type { components as withBlob } from "../openapi-typescript/api.ts";

const monet = createClient<paths>({ baseUrl: "http://127.0.0.1:9" });
const url = "/api/v1/tasks/async";

export const calls = [
  monet.POST(url, { body: { type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 }, idempotency_key: "k1" } }),
  monet.POST(url, { body: { type: "video", input: { model: "sora-2", prompt: "a cat" }, idempotency_key: "k1" } }),
  // @ts-expect-error sora-2 takes a duration of 10 or 15
  monet.POST(url, { body: { type: "video", input: { model: "sora-2", prompt: "a cat", duration: 5 }, idempotency_key: "k1" } }),
  // @ts-expect-error idempotency_key is required
  monet.POST(url, { body: { type: "video", input: { model: "sora-2", prompt: "a cat", duration: 10 } } }),
  monet.POST(url, { body: { type: "image", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" } }),
  // @ts-expect-error flux-2-dev is an image model, not a video model
  monet.POST(url, { body: { type: "video", input: { model: "flux-2-dev", prompt: "a cat" }, idempotency_key: "k1" } }),
];

type Upload = withBlob["schemas"]["FileUpload"]["file"];
export const upload: Upload = new Blob(["bytes"]);
export const asBlob: Blob = upload;
// @ts-expect-error the upload is bytes, not a string
export const notText: Upload = "bytes";
