// A client wired to a fresh mock, with every request it sends recorded (method, path, init).
import { type Fault, type MockServer, startMockServer } from "@monet-ai/mock";
import { type ClientOptions, Monet } from "../src/index.js";

export const KEY = "monet_sk_live_DO_NOT_LEAK_4242";

export interface Harness {
  mock: MockServer;
  monet: Monet;
  sent: { method: string; path: string; init: RequestInit }[];
  fault(f: Fault): Promise<void>;
  close(): Promise<void>;
}

export async function harness(opts: ClientOptions = {}, mockOpts: Parameters<typeof startMockServer>[0] = {}): Promise<Harness> {
  const mock = await startMockServer({ port: 0, taskDuration: 300, ...mockOpts });
  const sent: Harness["sent"] = [];
  const recording: typeof fetch = (input, init = {}) => {
    const u = new URL(String(input));
    sent.push({ method: init.method ?? "GET", path: u.pathname + u.search, init });
    return fetch(input, init);
  };
  const monet = new Monet({ apiKey: KEY, baseUrl: mock.url, fetch: recording, ...opts });
  return {
    mock,
    monet,
    sent,
    // A fault the mock refuses (a kind or field it does not offer) throws: ignored, the test ran
    // without it and passed testing nothing.
    fault: async (f) => {
      const res = await fetch(`${mock.url}/__mock/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
      if (!res.ok) throw new Error(`the mock refused the fault ${JSON.stringify(f)}: ${res.status} ${await res.text()}`);
    },
    close: () => mock.close(),
  };
}
