// CommonJS as Jest's default runtime runs it: each module of ours is compiled by node:vm with no
// importModuleDynamically, so an import() left in a CommonJS build rejects
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), as it does under Jest without --experimental-vm-modules.
// Run from the smoke app; prints what worked as one JSON line.
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const ours = `${path.sep}node_modules${path.sep}@monet-ai${path.sep}`;
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (!filename.includes(ours)) return compile.call(this, content, filename);
  const wrapper = new vm.Script(Module.wrap(content), { filename }).runInThisContext();
  const require = Object.assign((id) => this.require(id), { resolve: (id) => Module._resolveFilename(id, this), cache: Module._cache });
  return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
};

const { Monet } = require("@monet-ai/client");
const { InputValidationError } = require("@monet-ai/models");
const { startMockServer } = require("@monet-ai/mock");

(async () => {
  const mock = await startMockServer({ port: 0, taskDuration: 200 });
  try {
    const monet = new Monet({ apiKey: "monet_smoke", baseUrl: mock.url });
    const task = await monet.tasks.create({ type: "image", input: { model: "flux-2-dev", prompt: "A lighthouse" } });
    const page = await monet.tasks.list({ pageSize: 5 });
    const every = [];
    for await (const t of monet.tasks.list({ pageSize: 5 })) every.push(t.id);
    const refused = await monet.tasks.create({ type: "video", input: { model: "sora-2" } }).catch((e) => e);
    // Which copy of @monet-ai/models the client's validator came from: the CommonJS one the app requires.
    const validator = Object.keys(require.cache)
      .filter((f) => f.includes(ours) && f.includes("validate"))
      .map((f) => path.relative(path.join(process.cwd(), "node_modules"), f).split(path.sep).join("/"));
    console.log(
      JSON.stringify({
        created: task.id.startsWith("task_"),
        listed: page.tasks.some((t) => t.id === task.id) && every.includes(task.id),
        refused: refused instanceof InputValidationError,
        validator,
      }),
    );
  } catch (e) {
    console.log(JSON.stringify({ error: String(e) }));
  } finally {
    await mock.close();
  }
})();
