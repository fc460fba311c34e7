// The README's shutdown recipe in a process of its own: createNodeServer(proxy), and on SIGTERM
// closeGracefully(server) then exit. Options come as JSON in argv (plus `timeout` for the drain).
import { createMonetProxy } from "@monet-ai/proxy";
import { closeGracefully, createNodeServer } from "@monet-ai/proxy/node";

const { timeout, ...options } = JSON.parse(process.argv[2]);
const server = createNodeServer(createMonetProxy(options));
process.once("SIGTERM", () => {
  closeGracefully(server, { timeout }).then(() => process.exit(0));
  process.send("draining"); // the listener is closed by now (for the test)
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
