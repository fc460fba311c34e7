// An upload that ran out of time mid-body is a timeout, and says so: not "the server closed the
// connection" (upload-resend.ts cutShort is for a connection the server closed). Mutation testing
// (s23) found that guard untested. fetch here reads part of the body, then waits for the abort.
import { expect, test } from "vitest";
import { APIConnectionTimeoutError, Monet } from "../src/index.js";

test("an upload cut by its timeout before its whole body went is an APIConnectionTimeoutError that does not blame the server", async () => {
  const monet = new Monet({
    apiKey: "monet_sk_test_upload_timeout",
    baseUrl: "http://127.0.0.1:9",
    maxRetries: 0,
    timeout: 300,
    fetch: async (_url, init) => {
      const reader = ((init as RequestInit).body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      const signal = (init as RequestInit).signal as AbortSignal;
      return new Promise<Response>((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    },
  });
  const err = await monet.files.upload(new Blob(["x".repeat(1 << 20)]), { filename: "a.png" }).catch((e) => e);
  expect(err).toBeInstanceOf(APIConnectionTimeoutError);
  expect(err.message).not.toContain("closed the connection");
});
