// Without Chromium, every browser test fails: the error says how to get one (Debian's package or
// CHROMIUM_PATH), not only playwright's "executable doesn't exist".
import { expect, test } from "vitest";
import { launch } from "../support/browser.ts";

test("a missing Chromium is named with the way to install it or point CHROMIUM_PATH at it", async () => {
  await expect(launch("/nonexistent/chromium")).rejects.toThrow(/No Chromium at \/nonexistent\/chromium: .*apt-get install chromium.*CHROMIUM_PATH/);
});
