// A bound learned from a client's cancels ends (wait-budget.ts; audit s23-mcp M2): it held until the
// server restarted, so two Stops at about the same time, or one slow spell of a host, cut every
// later wait of a session that may run for days. Now it ends LEARNED_FOR_MS after it was learned,
// or when a call outlasts those cancels without being cancelled; one more cancel at about the
// remembered time learns it again. The clock is the budget's own `now`, so no test waits.
import { expect, test } from "vitest";
import { LEARNED_FOR_MS, waitBudget } from "../src/wait-budget.ts";

const CONFIGURED = 30_000;

/** A budget whose client cancelled two waits after 10 s (a 10 s request timeout), and its clock. */
function taught() {
  const clock = { t: 1_000_000 };
  const budget = waitBudget(CONFIGURED, () => clock.t);
  budget.cancelledAfter(10_000);
  budget.cancelledAfter(10_100);
  expect(budget.ms()).toBe(5_000);
  return { budget, clock };
}

test("a learned bound ends LEARNED_FOR_MS after it was learned, and the message says how long it holds", () => {
  const { budget, clock } = taught();
  expect(budget.bound().source).toMatch(/holds for 10 minutes/);
  expect(budget.bound().source).not.toMatch(/restart/);
  clock.t += LEARNED_FOR_MS - 1;
  expect(budget.ms()).toBe(5_000);
  clock.t += 1;
  expect(budget.ms()).toBe(CONFIGURED);
});

test("after it ends, one cancel at about the remembered time learns it again", () => {
  const { budget, clock } = taught();
  clock.t += LEARNED_FOR_MS;
  expect(budget.ms()).toBe(CONFIGURED);
  budget.cancelledAfter(9_900);
  expect(budget.ms()).toBe(4_950);
});

test("a call answered uncancelled well past the cancels ends it at once; one answered inside them does not", () => {
  const { budget } = taught();
  budget.answeredAfter(11_000);
  expect(budget.ms()).toBe(5_000);
  budget.answeredAfter(20_000);
  expect(budget.ms()).toBe(CONFIGURED);
  // The cancels were forgotten too: one more is a user's Stop, not a timeout.
  budget.cancelledAfter(10_000);
  expect(budget.ms()).toBe(CONFIGURED);
});
