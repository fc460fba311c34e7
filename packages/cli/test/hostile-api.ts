// A hostile Monet API on loopback: `GET /api/v1/tasks/<scenario>` answers the task that scenario
// names (a `file:` output, an escape sequence in an error...) under the id asked for (the client
// refuses an answer naming another task); `generate --prompt <scenario>` streams that scenario's
// task with its own id (the client refuses one no call can follow: a path-traversal id, escapes,
// a newline), through a `working` status where the scenario has one; `/files/*` serves the
// downloads (see the client's hostile-files.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileRoutes } from "../../client/test/hostile-files.ts";

/** Terminal escapes a server could send: OSC 52 (write the clipboard), erase line, title, 8-bit CSI. */
export const ESC = {
  clipboard: "\x1b]52;c;cHduZWQ=\x07",
  erase: "\x1b[2K\r",
  title: "\x1b]0;owned\x1b\\",
  csi8: "\x9b2J",
  bell: "\x07",
};
export const ALL_ESC = Object.values(ESC).join("");

type Scenario = (origin: string) => Record<string, unknown>;
const done = (id: string, url: string) => ({
  id,
  type: "image",
  status: "success",
  created_at: "2026-11-25T00:00:00Z",
  outputs: [{ model: "flux-2-dev", status: "success", progress: 100, url }],
});

export const scenarios: Record<string, Scenario> = {
  // The issue's exploit: an id climbing out of --out, and an output served as `.bashrc`.
  traversal: (o) => done("../../", `${o}/files/evil.bashrc`),
  "traversal-x": (o) => done("../../x", `${o}/files/ok.png`),
  // An id any call can follow that names a dotfile, and an output served as `.bashrc`.
  "dot-id": (o) => done(".bashrc", `${o}/files/evil.bashrc`),
  dotfile: (o) => done("", `${o}/files/evil.bashrc`),
  "file-url": () => done("task_file", "file:///etc/hostname"),
  "data-url": () => done("task_data", "data:text/plain;base64,cHduZWQ="),
  "redirect-scheme": (o) => done("task_redirect", `${o}/files/redirect?to=${encodeURIComponent("data:text/plain,pwned")}`),
  "redirect-ok": (o) => done("task_hop", `${o}/files/redirect?to=/files/ok.png`),
  endless: (o) => done("task_endless", `${o}/files/endless`),
  // An output host this machine cannot reach (as Prism's example URLs are): nothing listens on port 2 (fetch refuses port 1 itself).
  unreachable: () => done("task_unreach", "http://127.0.0.1:2/out.png"),
  huge: (o) => done("task_huge", `${o}/files/huge`),
  symlink: (o) => done("task_sym", `${o}/files/ok.png`),
  // Outputs a lying API on a public origin points at the user's machine or network (SSRF).
  "ssrf-loopback": (o) => done("task_ssrf", `${o}/files/ok.png`),
  "ssrf-metadata": () => done("task_ssrf", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
  "ssrf-private": () => done("task_ssrf", "https://10.0.0.5/x.png"),
  "ssrf-mapped": () => done("task_ssrf", "https://[::ffff:127.0.0.1]/x.png"),
  "ssrf-redirect": (o) => done("task_ssrf", `https://files.example.test/files/redirect?to=${encodeURIComponent(`${o}/files/ok.png`)}`),
  "ssrf-credentials": () => done("task_ssrf", "https://user:pass@files.example.test/files/ok.png"),
  // Escapes and newlines in the strings the CLI prints (a URL, a status while working, an error);
  // in an id they make it one no call can follow (escape-id, newline-id), refused.
  escape: (o) => done("task_esc", `${o}/files/ok.png?x=${ALL_ESC}`),
  "escape-id": (o) => done(`task_esc${ALL_ESC}`, `${o}/files/ok.png`),
  newline: (o) => done("task_nl", `${o}/files/ok.png?\nsaved /etc/passwd`),
  "newline-id": (o) => done("task_nl\nsaved /home/user/.bashrc\n", `${o}/files/ok.png`),
  "escape-failed": () => ({
    id: "task_fail",
    type: "image",
    status: "failed",
    created_at: "2026-11-25T00:00:00Z",
    outputs: [],
    error: { code: `bad${ESC.erase}`, message: `It broke${ALL_ESC} badly` },
  }),
};

/** The status a scenario's stream reports between `created` and its end (shown as progress). */
export const working: Record<string, string> = {
  escape: `processing${ALL_ESC}`,
  newline: "processing\nsaved /home/user/.bashrc\n",
};

export async function startHostileApi(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    let body = "";
    for await (const chunk of req) body += chunk;
    if (fileRoutes(req, res)) return;
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const origin = `http://${req.headers.host}`;
    if (req.method === "GET" && req.url?.startsWith("/api/v1/tasks/list"))
      return json(200, { tasks: [{ ...scenarios.escape(origin), id: `task_esc${ALL_ESC}` }], page: 1, pageSize: 20, total: 1 });
    const get = /^\/api\/v1\/tasks\/([^/?]+)$/.exec(req.url ?? "");
    if (req.method === "GET" && get) {
      const make = scenarios[decodeURIComponent(get[1])];
      if (make) return json(200, { ...make(origin), id: decodeURIComponent(get[1]) });
      return json(404, { error: { code: "not_found", message: `Task ${decodeURIComponent(get[1])}${ALL_ESC} was not found.` } });
    }
    if (req.method === "POST" && req.url === "/api/v1/tasks/sync") {
      // generate: one created event, then the final task of the scenario its prompt names
      // (by default a success whose id and URL climb out of --out).
      const prompt = (() => {
        try {
          return JSON.parse(body).input?.prompt;
        } catch {
          return undefined;
        }
      })();
      res.writeHead(200, { "content-type": "text/event-stream" });
      const task = (Object.hasOwn(scenarios, prompt) ? scenarios[prompt] : scenarios["traversal-x"])(origin);
      res.write(`event: created\ndata: ${JSON.stringify({ event: "created", task: { ...task, status: "pending", outputs: [] } })}\n\n`);
      if (Object.hasOwn(working, prompt)) {
        const progress = { ...task, status: working[prompt], outputs: [{ model: "flux-2-dev", status: "processing", progress: 50 }] };
        res.write(`event: progress\ndata: ${JSON.stringify({ event: "progress", task: progress })}\n\n`);
      }
      res.end(`event: ${task.status}\ndata: ${JSON.stringify({ event: task.status, task })}\n\n`);
      return;
    }
    json(401, { error: { code: "unauthorized", message: `Go away${ALL_ESC}.` } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
