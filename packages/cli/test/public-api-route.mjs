// Preloaded into the CLI under test (NODE_OPTIONS=--import): the CLI is pointed at
// https://api.example.test as if the API were public, and this fetch routes that host (and
// https://files.example.test, a public file host) to the loopback server in MONET_TEST_ROUTE.
// Any other URL is refused and marked on stderr, so nothing leaves loopback even on code that
// would fetch it, and the test sees that it tried.
const route = process.env.MONET_TEST_ROUTE;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  for (const host of ["https://api.example.test", "https://files.example.test"])
    if (url.startsWith(`${host}/`)) return realFetch(route + url.slice(host.length), init);
  process.stderr.write(`TEST-ESCAPED ${url}\n`);
  return Promise.reject(new TypeError("fetch failed (refused by the test)"));
};
