// A provider wired to a fresh in-process mock, with every request it sends recorded.
import { type MockServer, startMockServer } from "@monet-ai/mock";
import { createMonet, type MonetProvider, type MonetProviderSettings } from "../src/index.js";

export const KEY = "monet_sk_live_DO_NOT_LEAK_ai_sdk_4242";

// The AI SDK logs warnings to the console; tests read them from the results instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export interface Sent {
  method: string;
  url: string;
  headers: Headers;
}

export interface Harness {
  mock: MockServer;
  monet: MonetProvider;
  sent: Sent[];
  /** The inputs of the tasks the mock created, oldest first. */
  inputs(): Record<string, unknown>[];
  close(): Promise<void>;
}

export const recordingFetch =
  (sent: Sent[]): typeof fetch =>
  (input, init = {}) => {
    sent.push({ method: init.method ?? "GET", url: String(input), headers: new Headers(init.headers) });
    return fetch(input, init);
  };

export async function harness(settings: MonetProviderSettings = {}, mockOpts: Parameters<typeof startMockServer>[0] = {}): Promise<Harness> {
  const mock = await startMockServer({ port: 0, taskDuration: 300, ...mockOpts });
  const sent: Sent[] = [];
  const monet = createMonet({ apiKey: KEY, baseURL: mock.url, fetch: recordingFetch(sent), pollIntervalMs: 50, ...settings });
  return {
    mock,
    monet,
    sent,
    inputs: () => mock.state.tasks.all().map((t) => JSON.parse(t.request).input),
    close: () => mock.close(),
  };
}

/** Polls `check` until it returns a value (no fixed sleep racing the server). */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A PNG's first bytes (the PNG signature), from the PNG specification. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** An MP4 starts with an `ftyp` box: its type sits at bytes 4..7 (ISO/IEC 14496-12). */
export const isMp4 = (b: Uint8Array) => new TextDecoder().decode(b.subarray(4, 8)) === "ftyp";
export const isPng = (b: Uint8Array) => PNG_SIGNATURE.every((x, i) => b[i] === x);

/** A tiny real PNG (1x1) to use as an input image. */
export const STILL = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) =>
  c.charCodeAt(0),
);
