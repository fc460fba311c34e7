// One Idempotency-Key, one call at a time in this process. One call makes all `n` tasks (keys
// derived from the caller's), so the AI SDK only splits `n` when the user forces it
// (`maxImagesPerCall` / `maxVideosPerCall` below n), and then every part carries the same headers:
// the parts cannot be told apart, and each would re-attach to the others' tasks. The AI SDK starts
// the parts in one go, so calls that meet within one macrotask are all refused before anything is
// sent: a part running alone would make a task whose result the failed call never hands back. A
// call that comes later (a retry sent while the first runs) is refused alone: the holder may have
// uploaded or created its task, and stopping it would waste what was paid for.
import { InvalidArgumentError } from "@ai-sdk/provider";

/** The calls holding a key; `settled` once the holder's first macrotask is over. */
const held = new Map<string, { collided: boolean; settled: Promise<void>; done: boolean; origin?: object }>();

export interface KeyClaim {
  release(): void;
}

const free: KeyClaim = { release() {} };

function refusal(key: string, perCall: "maxImagesPerCall" | "maxVideosPerCall", alone: boolean): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: "Idempotency-Key",
    message: alone
      ? `Idempotency-Key ${JSON.stringify(key)} is held by another call still running in this process: this call was refused before sending anything, ` +
        "and that call goes on. If this is a retry of that request, wait for it to end (a call made after it re-attaches to its tasks, paid once). " +
        "Different requests need different keys."
      : `Idempotency-Key ${JSON.stringify(key)} came with calls started together in this process: all were refused before anything was sent. ` +
        `When ${perCall} is below n, the AI SDK splits n into calls that all carry the same headers, and they cannot be told apart: ` +
        `raise ${perCall} to n or leave it unset (one call then makes all n tasks, keyed ${key}-0, ${key}-1, ...), or drop the Idempotency-Key header. ` +
        "Different requests need different keys.",
  });
}

/**
 * Holds `key` for one call (no key: nothing to hold), or refuses the call (see above). `origin`,
 * when given, is the AI SDK call the model call belongs to: `generateImage` and `generateVideo`
 * hand every part of a split `n` to `doGenerate` with one headers object, and each of their calls
 * makes its own. Calls that meet from different origins are not parts of one split but one
 * request sent twice (a double submit): the first goes on, the others are refused alone, as a
 * later retry is. (`doStart` gets a copy of the headers per part: no origin, so all are refused.)
 */
export async function claimKey(key: string | undefined, perCall: "maxImagesPerCall" | "maxVideosPerCall", origin?: object): Promise<KeyClaim> {
  if (key === undefined) return free;
  const other = held.get(key);
  if (other) {
    if (other.done || (origin && other.origin && origin !== other.origin)) throw refusal(key, perCall, true);
    other.collided = true;
    // Thrown once the holder has let go, so a call made right after this error finds the key free.
    await other.settled;
    throw refusal(key, perCall, false);
  }
  let settle = () => {};
  const mine = { collided: false, done: false, origin, settled: new Promise<void>((resolve) => (settle = resolve)) };
  held.set(key, mine);
  const claim = {
    release() {
      if (held.get(key) === mine) held.delete(key);
    },
  };
  await new Promise((resolve) => setTimeout(resolve, 0));
  mine.done = true;
  try {
    if (mine.collided) {
      claim.release();
      throw refusal(key, perCall, false);
    }
  } finally {
    settle();
  }
  return claim;
}
