// `pnpm docs:build`: the docs site in docs/dist/ with Redocly, from the bundled spec, decorated at
// build time with the hand-written guides (their code samples included from docs/examples/),
// the generated model guide, and curl + TypeScript samples made from the spec's own examples.
// It works offline: Redoc's bundle is served from docs/dist/, not from the vendor's CDN.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shellJson } from "./curl-sample.mjs";
import { HTTP_METHODS, resolveComponent } from "./spec-models.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const docs = path.join(root, "docs");
const cli = path.join(root, "node_modules/@redocly/cli");
const read = (p) => fs.readFileSync(p, "utf8");

/** Markdown without its first heading (the tag name shows it) and with examples (from `dir`/examples) included. */
function markdown(file, dir) {
  return read(file)
    .replace(/^<!--.*?-->\s*/s, "")
    .replace(/^# .*\n+/, "")
    .replace(/<!-- example: (\S+) -->/g, (_, name) => {
      const src = read(path.join(dir, "examples", name)).trimEnd();
      return `\`\`\`ts\n// docs/examples/${name}\n${src}\n\`\`\``;
    });
}

function curl(method, p, body) {
  const lines = [`curl -X ${method} "https://monet.vision${p}"`, '  -H "Authorization: Bearer $MONET_API_KEY"'];
  if (body) lines.push('  -H "Content-Type: application/json"', `  -d ${shellJson(body)}`);
  return lines.join(" \\\n");
}

/** The spec's example value of each path or query parameter of `op` (its first example), by name. */
function parameterExamples(doc, op, where) {
  const out = {};
  for (const x of op.parameters ?? []) {
    const param = resolveComponent(doc, x, "parameters");
    const value = Object.values(param.examples ?? {})[0]?.value ?? param.example;
    if (param.in === where && value !== undefined) out[param.name] = value;
  }
  return out;
}

/** `{ page: 1, pageSize: 20 }`: a flat object as a TypeScript literal. */
const tsObject = (o) =>
  `{ ${Object.entries(o)
    .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(", ")} }`;

// What a reader must change before running a sample, said in the sample itself (a comment in
// both languages): the example task id is one the mock knows, not one of your account's.
const TASK_ID_NOTE = "The spec's example id: use the id your create call answered (the mock also knows this one).";
const UPLOAD_PATH_NOTE = "Replace the path with a file of yours.";

// The hand-written TypeScript samples. Every value they send comes from the spec's examples
// (`args`: the operation's path and query examples), never a number typed here: a bound the spec
// changes cannot leave a sample the client refuses (test/spec/no-restated-rules.test.ts scans this file).
const TS = {
  createTask: (b) =>
    `import { Monet } from "@monet-ai/client";\nconst monet = new Monet(); // MONET_API_KEY\n\n// The idempotency key is generated (and reused on retries) unless you pass one.\nconst task = await monet.tasks.create(${JSON.stringify({ type: b.type, input: b.input }, null, 2)});\nconst done = await monet.tasks.wait(task.id);\nconsole.log(done.outputs?.[0]?.url);`,
  createTaskStream: (b) =>
    `import { Monet } from "@monet-ai/client";\nconst monet = new Monet();\n\nfor await (const event of monet.tasks.stream(${JSON.stringify({ type: b.type, input: b.input }, null, 2)})) {\n  console.log(event.event, event.task.outputs?.[0]?.progress);\n}`,
  getTask: (_, args) =>
    `import { Monet } from "@monet-ai/client";\nconst monet = new Monet();\n\n// ${TASK_ID_NOTE}\nconst task = await monet.tasks.get(${JSON.stringify(args.path.taskId ?? "<taskId>")});\nconsole.log(task.status, task.outputs);`,
  // One page, as the spec's example asks for it; the walk over every page is named in a comment,
  // not run beside it (a sample that fetched a page and then walked them all used neither well).
  listTasks: (_, args) =>
    `import { Monet } from "@monet-ai/client";\nconst monet = new Monet();\n\nconst page = await monet.tasks.list(${tsObject(args.query)});\nfor (const task of page.tasks) console.log(task.id, task.status);\nconsole.log(\`\${page.tasks.length} of \${page.total}\`);\n// Every task, page after page: for await (const task of monet.tasks.list()) { ... }`,
  // The file's lifetime is the operation's x-monet-file-lifetime-ms.
  uploadFile: (_, __, op) =>
    `import { Monet } from "@monet-ai/client";\nimport { fileFromPath } from "@monet-ai/client/node";\nconst monet = new Monet();\n\n// ${UPLOAD_PATH_NOTE}\nconst file = await monet.files.upload(await fileFromPath("/path/to/your/file.mp4"));\nconsole.log(file.url); // usable in task inputs for ${op["x-monet-file-lifetime-ms"] / 3_600_000} hours`,
};

// The label of the TypeScript samples. Redoc shows a sample only for a language its
// `codeSamples.languages` option lists, matched by label (its default list has curl but no
// TypeScript): the build passes this list, in the order of the panel's menu.
const CLIENT_LABEL = "@monet-ai/client";
export const CODE_SAMPLE_LANGUAGES = [{ lang: "curl" }, { lang: "TypeScript", label: CLIENT_LABEL }, { lang: "Payload" }];

/** Any operation without a hand-written sample: its generic call, `monet.request`, with the spec's example path and query arguments. */
function requestSample(doc, op) {
  const path = parameterExamples(doc, op, "path");
  for (const x of op.parameters ?? []) {
    const param = resolveComponent(doc, x, "parameters");
    if (param.in === "path") path[param.name] ??= `<${param.name}>`;
  }
  const query = parameterExamples(doc, op, "query");
  const given = { ...(Object.keys(path).length && { path }), ...(Object.keys(query).length && { query }) };
  const args = Object.keys(given).length ? `, ${JSON.stringify(given)}` : "";
  return `import { Monet } from "@monet-ai/client";\nconst monet = new Monet();\n\nconst result = await monet.request(${JSON.stringify(op.operationId)}${args});\nconsole.log(result);`;
}

/**
 * The API group of the sidebar: the spec's own tags (its `tags`, in order), then any tag an
 * operation uses without declaring it. Redoc shows no tag that is missing from `x-tagGroups`, so
 * an operation under a new tag would otherwise vanish from the site.
 */
export function apiTags(spec) {
  const tags = (spec.tags ?? []).filter((t) => !t["x-traitTag"]).map((t) => t.name);
  for (const item of Object.values(spec.paths ?? {}))
    for (const [method, op] of Object.entries(item)) if (HTTP_METHODS.includes(method)) for (const t of op.tags ?? []) if (!tags.includes(t)) tags.push(t);
  return tags;
}

/**
 * The spec with its code samples, guides and model guide. `dir` is the docs folder they come
 * from: the repository's, or a copy's (a test that adds a model builds that copy's docs).
 */
export function decorate(spec, dir = docs) {
  const doc = structuredClone(spec);
  for (const [p, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const rb = resolveComponent(doc, op.requestBody, "requestBodies");
      // One curl and one TypeScript sample per request example (the page shows the one of the
      // example selected: see EXAMPLE_SAMPLES), else one of each.
      const examples = Object.entries(rb?.content?.["application/json"]?.examples ?? {});
      // Path and query from the spec's parameter examples (`/api/v1/tasks/list?page=1&pageSize=20`).
      const args = { path: parameterExamples(doc, op, "path"), query: parameterExamples(doc, op, "query") };
      const query = new URLSearchParams(Object.entries(args.query).map(([k, v]) => [k, String(v)])).toString();
      const shellPath = p.replace(/\{(\w+)\}/g, (m, name) => (name in args.path ? encodeURIComponent(args.path[name]) : m)) + (query ? `?${query}` : "");
      const shell = (body) =>
        op.operationId === "uploadFile"
          ? `# ${UPLOAD_PATH_NOTE}\ncurl -X POST "https://monet.vision${p}" \\\n  -H "Authorization: Bearer $MONET_API_KEY" \\\n  -F "file=@/path/to/your/file.mp4"`
          : (op.operationId === "getTask" ? `# ${TASK_ID_NOTE}\n` : "") +
            curl(method.toUpperCase(), shellPath, body) +
            (op.operationId === "createTaskStream" ? " \\\n  -N" : "");
      const samples = (body, example) => [
        { lang: "Shell", label: "curl", source: shell(body), ...(example && { "x-example": example }) },
        {
          lang: "TypeScript",
          label: CLIENT_LABEL,
          source: TS[op.operationId]?.(body ?? {}, args, op) ?? requestSample(doc, op),
          ...(example && { "x-example": example }),
        },
      ];
      op["x-codeSamples"] = examples.length ? examples.flatMap(([name, ex]) => samples(ex.value, name)) : samples(undefined);
      // The streamed events belong under the response: the docs show their schema as the
      // response's (the spec itself says `type: string` with that schema as `contentSchema`,
      // which is what SSE is on the wire and what other tools read).
      const ok = op.responses?.["200"];
      for (const c of Object.values(ok?.content ?? {}))
        if (c.schema?.contentSchema?.$ref) {
          c.schema = { $ref: c.schema.contentSchema.$ref };
          ok.description = `${ok.description.trim()} Each event is \`event: <name>\` and one \`data:\` line holding one JSON object, whose fields are below.`;
        }
    }
  // Redoc makes the spec's externalDocs description the link's text: it says what the site is,
  // not where it is. The address (read from the same entry) follows it, scheme left off.
  if (doc.externalDocs?.url) {
    const u = new URL(doc.externalDocs.url);
    const where = `${u.host}${u.pathname.replace(/\/$/, "")}`;
    doc.externalDocs.description = doc.externalDocs.description ? `${doc.externalDocs.description.trim()}: ${where}` : where;
  }
  const guides = fs
    .readdirSync(path.join(dir, "guides"))
    .filter((f) => f.endsWith(".md"))
    .sort();
  const guideTags = guides.map((f) => ({
    name: read(path.join(dir, "guides", f)).match(/^# (.+)$/m)[1],
    "x-traitTag": true,
    description: markdown(path.join(dir, "guides", f), dir),
  }));
  const modelTags = ["video", "image", "music"].map((t) => ({
    name: `${t[0].toUpperCase()}${t.slice(1)} models`,
    "x-traitTag": true,
    description: markdown(path.join(dir, "models", `${t}.md`), dir),
  }));
  doc.tags = [...guideTags, ...doc.tags, ...modelTags];
  doc["x-tagGroups"] = [
    { name: "Guides", tags: guideTags.map((t) => t.name) },
    { name: "API", tags: apiTags(spec) },
    { name: "Models", tags: modelTags.map((t) => t.name) },
  ];
  return doc;
}

// Every link a reader can copy must work, from any host and sub-path. Redoc's page routes with
// the URL hash (#/quick-start), but its server-rendered sidebar says href="/quick-start", an
// address that exists on no static host: those become hash links too. A copied path-form link
// (/quick-start, /tasks/createtask) still works: each top-level route gets a page of its own, and
// 404.html (what GitHub Pages serves for any other path) sends the reader to the hash route.
function hashLinks(html) {
  const routes = new Set();
  const out = html.replace(/href="\/([^"]*)"/g, (_, route) => {
    if (route) routes.add(route);
    return `href="#/${route}"`;
  });
  return { html: out, routes: [...routes] };
}

// No icon of our own: an empty one, so browsers do not ask for /favicon.ico (a 404 on every load).
const NO_FAVICON = '<link rel="icon" href="data:,">';
// Redoc renders everything with JavaScript: without it, point at the guides and the model guide
// as plain pages (text/, below) and at the spec's text.
const NO_SCRIPT =
  '<noscript><p style="padding:1em;font-family:sans-serif">This site is rendered with JavaScript; turn it on for the full reference. Without it, read <a href="text/index.html">the guides and the model guide as plain text</a>, and the spec itself: <a href="openapi.yaml">openapi.yaml</a> (and <a href="openapi.json">openapi.json</a>).</p></noscript>';

// Without JavaScript the sidebar (search box included) is drawn but does nothing: its links only
// change the hash, which nothing reads, and search stays at "Loading...". Hide it, the skip link
// and the headings' link icons (their hash is the route, not the heading's id), which need the
// same script; the note above says where to read instead.
const NO_SCRIPT_CSS = "<noscript><style>.menu-content, .monet-skip, [data-deep-link-anchor] { display: none !important; }</style></noscript>";

const escapeHtml = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The guides and the model guide as static pages in `outDir`/text/, readable with JavaScript off:
 * each page's markdown (its code samples included) as preformatted text, which needs no markdown
 * renderer and shows every table and sample as written. Returns the pages' titles and files.
 */
function textPages(outDir, dir) {
  const sources = [
    ...fs
      .readdirSync(path.join(dir, "guides"))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => path.join(dir, "guides", f)),
    ...["video", "image", "music"].map((t) => path.join(dir, "models", `${t}.md`)),
  ];
  fs.mkdirSync(path.join(outDir, "text"), { recursive: true });
  const pages = sources.map((file) => {
    const title = read(file).match(/^# (.+)$/m)[1];
    const name = `${path.basename(file, ".md").replace(/^\d+-/, "")}${file.includes(`${path.sep}models${path.sep}`) ? "-models" : ""}.html`;
    const body = `# ${title}\n\n${markdown(file, dir)}`;
    fs.writeFileSync(
      path.join(outDir, "text", name),
      `<!doctype html>\n<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)} · Monet AI API</title>${NO_FAVICON}\n<p><a href="index.html">All pages</a> · <a href="../index.html">The full site</a> (JavaScript)</p>\n<pre style="white-space:pre-wrap;font:14px/1.5 monospace">${escapeHtml(body)}</pre>\n</html>\n`,
    );
    return { title, name };
  });
  fs.writeFileSync(
    path.join(outDir, "text", "index.html"),
    `<!doctype html>\n<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Monet AI API: plain pages</title>${NO_FAVICON}\n<h1>Monet AI API: the guides and the model guide</h1>\n<p>Plain pages that need no JavaScript. <a href="../index.html">The full site</a> also has the API reference; the spec is <a href="../openapi.yaml">openapi.yaml</a>.</p>\n<ul>\n${pages.map((p) => `<li><a href="${p.name}">${escapeHtml(p.title)}</a></li>`).join("\n")}\n</ul>\n</html>\n`,
  );
  return pages;
}

/** A route's name as Redoc makes it from a tag's name (`Command line and MCP`: command-line-and-mcp). */
const routeOf = (title) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * What a reader without JavaScript is offered on a redirect page. A route's page (`route`) sits
 * that many folders below the site's root, so relative links reach the root's text/ from any
 * sub-path: its own plain page (`text`, a guide's or a model page's), else the list of them, and
 * the spec. 404.html is served at any depth, where no relative link can know the root: it names
 * the place, and links the published site's (`published`, the spec's docs URL), absolute.
 */
function noScript(route, text, published) {
  if (route === undefined)
    return `<noscript><p>The docs site is rendered with JavaScript, which finds the page this address names. Without it, read the guides and the model guide as plain pages: <code>text/</code> at the site's root (the address of this page up to the site's folder, then <code>text/</code>), beside the spec, <code>openapi.yaml</code>. On the published site: <a href="${escapeHtml(published)}text/index.html">the guides and the model guide as plain pages</a> and <a href="${escapeHtml(published)}openapi.yaml">openapi.yaml</a>.</p></noscript>`;
  const root = "../".repeat(route.split("/").length);
  const own = text ? `<a href="${root}text/${text.name}">${escapeHtml(text.title)}, as a plain page</a>; ` : "";
  return `<noscript><p>This address opens a page of the docs site, which is rendered with JavaScript. Without it, read ${own}<a href="${root}text/index.html">the guides and the model guide as plain pages</a>, and the spec itself: <a href="${root}openapi.yaml">openapi.yaml</a>.</p></noscript>`;
}

/** The published docs site's URL, ending in "/": the spec's externalDocs, which names it. */
function publishedSite(spec) {
  const url = spec.externalDocs?.url;
  if (!url) throw new Error("the spec's externalDocs.url (the published docs site) is missing: 404.html links its plain pages");
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * A page that sends the reader to the hash route of the path it was opened at; for a route's own
 * page, `route` and its plain page `text`; for 404.html, the `published` site's URL (see noScript).
 */
function redirectPage(firstSegments, route, text, published) {
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Monet AI API</title><meta name="robots" content="noindex">${NO_FAVICON}
<p id="status" role="status">Opening the page...</p>
${noScript(route, text, published)}
<script>
// The site may live under any sub-path: the route starts at the first segment that names one.
(function () {
  var first = ${JSON.stringify(firstSegments)};
  var parts = location.pathname.split("/");
  for (var i = 1; i < parts.length; i++) {
    if (first.indexOf(parts[i]) >= 0) {
      location.replace(parts.slice(0, i).join("/") + "/#/" + parts.slice(i).filter(Boolean).join("/"));
      return;
    }
  }
  // A path no route starts (a stale or mistyped link): the site is the nearest folder above it
  // that holds the plain pages (text/); link its overview and those pages, not a dead end.
  var status = document.getElementById("status");
  status.textContent = "No page of this site is at " + location.pathname + ".";
  var roots = [];
  for (var j = parts.length - 1; j >= 1; j--) roots.push(parts.slice(0, j).join("/") + "/");
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  (function probe(k) {
    if (k >= roots.length) return;
    fetch(roots[k] + "text/index.html", { method: "HEAD" }).then(
      function (r) {
        if (!r.ok) return probe(k + 1);
        status.append(" ", link(roots[k] + "#/", "Open the overview"), " (search it with Ctrl+K), or read ", link(roots[k] + "text/index.html", "the guides and the model guide as plain pages"), ".");
      },
      function () {
        probe(k + 1);
      },
    );
  })(0);
})();
</script>
</html>
`;
}

// The guides and model pages hold prose, tables and code, and nothing for the right-hand
// (samples) column: give them the whole width, and keep a field name in a table on one line.
const LAYOUT_CSS = `<style id="monet-layout">
[data-section-id]:not([data-item-kind="httpItem"]) [data-testid="middle-panel"]:has(+ [data-testid="right-panel"]:empty) { width: 100%; max-width: none; }
[data-section-id]:not([data-item-kind="httpItem"]) [data-testid="middle-panel"] + [data-testid="right-panel"]:empty { display: none; }
table.md code, .md table code { white-space: nowrap; word-break: normal; overflow-wrap: normal; }
</style>`;

// Redoc builds its search text by joining the text of markdown nodes with nothing between
// them: table cells ("OpenAI10-15 syes"), list items and lines run together in every snippet.
// A space after each block node (cell, row, item, paragraph, heading, line break) keeps words apart.
const SEARCH_TEXT =
  /function (\w+)\(e\)\{let t=\[\];function n\(e\)\{if\(!(\w+)\(e\)\)\{typeof e\.attributes\?\.content==`string`&&t\.push\(e\.attributes\.content\);for\(let t of e\.children\?\?\[\]\)n\(t\)\}\}return n\(e\),t\.join\(``\)\}/;
function spacedSearchText(bundle) {
  if (!SEARCH_TEXT.test(bundle))
    throw new Error(
      "Redoc's search-text function was not found: did @redocly/cli change? Check the search snippets (test/docs/site.test.ts) and update SEARCH_TEXT.",
    );
  return bundle.replace(
    SEARCH_TEXT,
    (_, name, skip) =>
      `function ${name}(e){let t=[];function n(e){if(!${skip}(e)){typeof e.attributes?.content==\`string\`&&t.push(e.attributes.content);for(let t of e.children??[])n(t);/^(?:td|th|tr|item|paragraph|heading|blockquote|fence|hr|softbreak|hardbreak)$/.test(e.type)&&t.push(\` \`)}}return n(e),t.join(\`\`).replace(/\\s+/g,\` \`)}`,
  );
}

// Redoc's request-sample panel shows one sample per language, whatever request example is
// selected; only its Payload tab follows the example. Two edits make the curl and TypeScript
// samples follow it too: keep each sample's `x-example` (the example's name), and show the
// sample of the selected example, else the language's first.
const EXAMPLE_SAMPLES = [
  ["({lang:e,label:t,source:n})=>({lang:e,label:t,source:n})", '(e)=>({lang:e.lang,label:e.label,source:e.source,example:e["x-example"]})'],
  [
    "let e=O?.find(e=>Dj(e)===ee);return e?e.source:`// ${n(`unsupportedLanguage`,`Language is not supported.`)}`},[ee,O,n])",
    "let e=O?.find(e=>Dj(e)===ee&&e.example===ne)??O?.find(e=>Dj(e)===ee);return e?e.source:`// ${n(`unsupportedLanguage`,`Language is not supported.`)}`},[ee,O,n,ne])",
  ],
];
function samplesFollowExample(bundle) {
  for (const [from, to] of EXAMPLE_SAMPLES) {
    if (bundle.split(from).length !== 2)
      throw new Error(
        "Redoc's request-sample code was not found: did @redocly/cli change? Check that the reference's samples follow the selected example (test/docs/reference-samples.test.ts) and update EXAMPLE_SAMPLES.",
      );
    bundle = bundle.replace(from, () => to);
  }
  return bundle;
}

// Redoc titles the overview page with an h1 and every other page (a guide, a tag, a model page,
// an operation) with an h2, so a page opened from its link had no h1 and its own "##" sections
// sat at the title's level. Tag and operation titles become h1s (Redoc turns a markdown "#" into
// an h2, so each page keeps exactly one), its sections nest under it, and an h1 title keeps the
// deprecated and webhook badges Redoc shows only beside an h2.
const PAGE_HEADINGS = [
  ["children:[{nodeType:W.HEADER,level:2,label:n??t,showPageActions:!0}]", "children:[{nodeType:W.HEADER,level:1,label:n??t,showPageActions:!0}]"],
  [
    "c=[{nodeType:W.HEADER,level:2,label:a,badges:e[`x-badges`],isWebhook:s,deprecated:e.deprecated,showPageActions:!0}]",
    "c=[{nodeType:W.HEADER,level:1,label:a,badges:e[`x-badges`],isWebhook:s,deprecated:e.deprecated,showPageActions:!0}]",
  ],
  [
    "case 1:return(0,V.jsx)(Fxe,{$inline:_,children:e});",
    "case 1:return(0,V.jsxs)(Fxe,{$inline:_,children:[e,v&&(0,V.jsxs)(V.Fragment,{children:[` `,(0,V.jsx)(yE,{$deprecated:!0,children:g(`badges.deprecated`,`deprecated`)})]}),m&&(0,V.jsx)(yE,{$webhook:!0,children:g(`badges.webhook`,`Webhook`)})]});",
  ],
];

// Redoc names a guide's section after the text of its heading's first child only, so a heading
// with inline code lost the code and all after it ("The `monet` command" was #/.../the): the
// anchor is made from all of the heading's text ("the-monet-command"). No link in the repository
// used such a cut anchor (site.test.ts checks the sections' anchors).
const HEADING_ANCHORS = [
  [
    "c=e=>{if(typeof e?.attributes?.content==`string`)return e.attributes.content;if(e?.children)return c(e.children[0])}",
    "c=e=>{if(typeof e?.attributes?.content==`string`)return e.attributes.content;if(e?.children)return e.children.map(c).join(``)}",
  ],
];

// A search hit inside a guide or model page links the hit's document plus the anchor of the
// heading it matched ("url#anchor"). A markdown heading's anchor is itself a route
// ("/video-models/sora-2-sora-2"), so that gave a doubled hash (#/video-models/x#/video-models/x):
// a hit whose anchor is a route links that route alone.
const SEARCH_LINKS = [
  [
    "function COe(e,t){let n=t?.split(`#`)[1];return n?{...e,url:`${e.url}#${n}`}:e}",
    "function COe(e,t){let n=t?.split(`#`)[1];return n?{...e,url:n.startsWith(`/`)?n:`${e.url}#${n}`}:e}",
  ],
];

/** Each [from, to] replaced once in Redoc's bundle; `what` says which test shows the change, if Redoc changed. */
function patch(bundle, edits, what) {
  for (const [from, to] of edits) {
    if (bundle.split(from).length !== 2) throw new Error(`Redoc's ${what} was not found: did @redocly/cli change?`);
    bundle = bundle.replace(from, () => to);
  }
  return bundle;
}

// Keyboard and copy controls Redoc leaves out (docs/site/*.js, inlined: no extra request).
const site = (name) => read(path.join(root, "docs/site", name)).trim();
const SKIP_LINK = '<a id="monet-skip" class="monet-skip" href="#/">Skip to content</a>';
const PAGE_CSS = `<style id="monet-controls">
.monet-skip { position: absolute; left: -10000px; top: 0; width: 1px; height: 1px; overflow: hidden; }
.monet-visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.monet-skip:focus { position: fixed; left: 8px; top: 8px; width: auto; height: auto; z-index: 1000; padding: 8px 12px; background: #fff; color: #1a1a1a; outline: 2px solid #1a1a1a; font: 16px sans-serif; }
.monet-copy { display: flex; justify-content: flex-end; align-items: center; gap: 8px; margin: 8px 0 -4px; font: 13px sans-serif; }
.monet-copy button { cursor: pointer; padding: 2px 10px; border: 1px solid var(--border-color-primary, #bbb); border-radius: 4px; background: var(--bg-color, #fff); color: var(--text-color-primary, #1a1a1a); font: inherit; }
.monet-copy button:hover { background: var(--layer-color, #f0f0f0); }
#monet-not-found { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); z-index: 1000; margin: 0; padding: 8px 12px; background: #fff8e1; color: #1a1a1a; border: 1px solid #c9a227; border-radius: 4px; font: 15px sans-serif; }
</style>`;

/** Builds the site of the clone at `base` (its openapi/dist and docs/) into `base`/docs/dist; returns that folder. */
export function buildDocs(base = root) {
  const outDir = path.join(base, "docs/dist");
  const spec = JSON.parse(read(path.join(base, "openapi/dist/openapi.json")));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "monet-docs-"));
  const decorated = path.join(tmp, "openapi.json");
  fs.writeFileSync(decorated, JSON.stringify(decorate(spec, path.join(base, "docs"))));
  execFileSync(
    process.execPath,
    [
      path.join(cli, "bin/cli.js"),
      "build-docs",
      decorated,
      "-o",
      path.join(outDir, "index.html"),
      "--title",
      "Monet AI API",
      "--openapi",
      JSON.stringify({ codeSamples: { languages: CODE_SAMPLE_LANGUAGES } }),
    ],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  // Serve Redoc's bundle ourselves: the CLI ships the very version its page imports.
  const bundle = path.join(cli, "lib/chunks/redoc.standalone.js");
  if (!fs.existsSync(bundle)) throw new Error(`Redoc bundle not found at ${bundle}: did @redocly/cli change its layout?`);
  // Its footer logo is the one thing it loads from the vendor's CDN: point it at a local copy
  // of the attribution instead, so the page works offline and the credit stays.
  const redoc = patch(
    patch(
      patch(samplesFollowExample(spacedSearchText(read(bundle))), PAGE_HEADINGS, "page heading code (test/docs/site-basics.test.ts)"),
      HEADING_ANCHORS,
      "heading anchor code (test/docs/site.test.ts)",
    ),
    SEARCH_LINKS,
    "search hit link code (test/docs/search-controls.test.ts)",
  ).replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, "./redocly-logo.svg");
  fs.writeFileSync(path.join(outDir, "redoc.standalone.js"), redoc);
  fs.writeFileSync(
    path.join(outDir, "redocly-logo.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="sans-serif" font-size="12" font-weight="700" fill="#8a8a8a">Redocly</text></svg>\n',
  );
  const built = read(path.join(outDir, "index.html"))
    .replace(
      /(["'])https:\/\/cdn\.redocly\.com\/redoc\/[^"']+\/redoc\.standalone\.js\1(\s+integrity="[^"]*")?(\s+crossorigin="[^"]*")?/g,
      '"./redoc.standalone.js"',
    )
    .replace("</head>", `${NO_FAVICON}${LAYOUT_CSS}${PAGE_CSS}${NO_SCRIPT_CSS}</head>`)
    .replace(/<body([^>]*)>/, (_, attrs) => `<body${attrs}>${SKIP_LINK}${NO_SCRIPT}`)
    .replace(
      "</body>",
      () =>
        `<script>\n${site("skip-link.js")}\n${site("copy-code.js")}\n${site("unknown-route.js")}\n${site("search-trigger.js")}\n${site("search-status.js")}\n</script>\n</body>`,
    );
  if (/https?:\/\/cdn\./.test(built)) throw new Error("docs/dist/index.html still loads from a CDN");
  const { html, routes } = hashLinks(built);
  fs.writeFileSync(path.join(outDir, "index.html"), html);
  const firstSegments = [...new Set(routes.map((r) => r.split("/")[0]))];
  // Each guide and model page is a route named after its title: its redirect page links its plain page.
  const texts = new Map(textPages(outDir, path.join(base, "docs")).map((t) => [routeOf(t.title), t]));
  const missing = [...texts.keys()].filter((r) => !routes.includes(r));
  if (missing.length) throw new Error(`no route in the built page for the plain page(s) ${missing.join(", ")}: did Redoc change how it names routes?`);
  for (const route of routes) {
    fs.mkdirSync(path.join(outDir, route), { recursive: true });
    fs.writeFileSync(path.join(outDir, route, "index.html"), redirectPage(firstSegments, route, texts.get(route)));
  }
  fs.writeFileSync(path.join(outDir, "404.html"), redirectPage(firstSegments, undefined, undefined, publishedSite(spec)));
  fs.rmSync(tmp, { recursive: true, force: true });
  // The plain spec beside the page, for download and for code generators.
  for (const f of ["openapi.yaml", "openapi.json"]) fs.copyFileSync(path.join(base, "openapi/dist", f), path.join(outDir, f));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  buildDocs();
  console.log(`docs built into docs/dist/ in ${Math.round(performance.now() - t)} ms`);
}
