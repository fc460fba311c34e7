// A newcomer with no API key reads the quick start first: before it asks for a key, it must say
// that the mock runs every step, and how to aim the client at it (base URL and a monet_ key).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { repoRoot } from "../support/seed.ts";

test("the quick start offers the mock before its first step asks for a key", () => {
  const guide = fs.readFileSync(path.join(repoRoot, "docs/guides/01-quick-start.md"), "utf8");
  const before = guide.slice(0, guide.search(/^1\. /m));
  expect(before).toMatch(/\(#\/using-the-mock-for-frontend-work\)/);
  expect(before).toMatch(/`MONET_BASE_URL=http:\/\/127\.0\.0\.1:\d+`/);
  expect(before).toMatch(/`MONET_API_KEY=monet_\w+`/);
});
