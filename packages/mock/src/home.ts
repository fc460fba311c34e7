// The page a person sees when opening the mock's URL in a browser: what it is, which key to use,
// where the docs and the control API are. API clients (asking for JSON) never get it.
import type { IncomingMessage } from "node:http";
import { operations } from "./generated/operations.gen.js";
import { FAIL_MARKER } from "./tasks.js";

/** A browser asks for text/html ahead of JSON; curl (*\/*) and API clients do not. */
export function wantsHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? "";
  const html = accept.indexOf("text/html");
  const json = accept.indexOf("application/json");
  return html >= 0 && (json < 0 || html < json);
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const HOME_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "cache-control": "no-store",
  vary: "Accept",
};

export function homePage(origin: string, docsUrl: string): string {
  const o = esc(origin);
  const d = esc(docsUrl);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Monet AI mock API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre{background:#f3f3f3;border-radius:4px;padding:.1em .3em}pre{padding:.8em;overflow:auto}h1{font-size:1.6rem}</style></head>
<body>
<h1>Monet AI mock API</h1>
<p>A stateful simulator of the <a href="https://monet.vision">Monet AI</a> API for development and tests
(<code>@monet-ai/mock</code>): tasks move from <code>pending</code> to <code>success</code> with rising progress,
uploads expire, outputs are tiny real PNG, MP4 and MP3 files. Nothing is generated and nothing leaves this machine.
It is for development only.</p>
<h2>Use it</h2>
<p>Base URL <code>${o}</code>. Any key that starts with <code>monet_</code> works, for example <code>monet_test</code>:</p>
<pre>MONET_API_KEY=monet_test MONET_BASE_URL=${o} monet generate image --model flux-2-dev --prompt "a red fox"

curl ${o}${operations.listTasks.path} -H "Authorization: Bearer monet_test"</pre>
<p>Put <code>${esc(FAIL_MARKER)}</code> in a prompt to get a failed task.</p>
<h2>Docs</h2>
<p><a href="${d}">The API reference and guides</a> (<code>${d}</code>, served by <code>npm start</code>).</p>
<h2>Control API</h2>
<p>For tests and for your error UI; it answers only on localhost, and POSTs must be JSON.</p>
<ul>
<li><a href="/__mock/health">GET /__mock/health</a>: liveness</li>
<li><a href="/__mock/faults">GET /__mock/faults</a>: the faults in force; <code>POST</code> one such as
<code>{"kind":"rate-limit","retryAfter":5}</code> or <code>{"kind":"server-error","status":503,"times":3}</code>;
<code>DELETE</code> clears them</li>
<li><code>GET /__mock/tasks</code>, <code>GET /__mock/files</code>: your key's tasks and uploads</li>
<li><code>POST /__mock/tasks/{id}/advance</code> <code>{"to":"success"}</code> (or <code>"failed"</code>, or a progress such as <code>50</code>): move a task on now, for a test that will not wait</li>
<li><code>POST /__mock/advance</code> <code>{"ms":5000}</code>: move the mock's clock forward</li>
<li><code>POST /__mock/reset</code>: forget tasks, files and faults</li>
</ul>
<pre>curl -X POST ${o}/__mock/faults -H "content-type: application/json" -d '{"kind":"server-error","status":503}'</pre>
</body></html>
`;
}
