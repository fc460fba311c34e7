// The built proxy in its own process, as an app would run it: one Node server mounted the
// documented way (http.createServer(toNodeHandler(proxy))) and one made by createNodeServer.
// A request that crashed the proxy would end this process, which the tests watch for.
import http from "node:http";
import { createMonetProxy } from "@monet-ai/proxy";
import * as node from "@monet-ai/proxy/node";

const { authorizeAll, ...options } = JSON.parse(process.argv[2]);
// `authorizeAll`: an app's own auth that admits every caller (a function cannot cross argv).
const proxy = createMonetProxy(authorizeAll ? { ...options, authorize: () => true } : options);
const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
const plain = await listen(http.createServer(node.toNodeHandler(proxy)));
// Missing before the fix: reported as 0, and the tests that need it fail.
const guarded = node.createNodeServer ? await listen(node.createNodeServer(proxy)) : 0;
process.send({ plain, guarded });
