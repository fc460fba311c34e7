// One Idempotency-Key, one call at a time in this process. One call makes all `n` tasks (keys
// derived from the caller's), so a second call claiming a key that a running call holds is either
// a retry sent while the first still runs, or a part of `n` the AI SDK split off (when the user
// sets `maxImagesPerCall` / `maxVideosPerCall` below n, every part carries the same headers, and
// they cannot be told apart). Either way only the later claimant is refused, before it sends
// anything: the holder may already have uploaded or created its task, and stopping it would waste
// what was paid for. A call made after the holder ended (a retry) re-attaches to its tasks as usual.
import { InvalidArgumentError } from "@ai-sdk/provider";

/** The keys held by running calls. */
const held = new Set<string>();

export interface KeyClaim {
  release(): void;
}

const free: KeyClaim = { release() {} };

function refusal(key: string, perCall: "maxImagesPerCall" | "maxVideosPerCall"): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: "Idempotency-Key",
    message:
      `Idempotency-Key ${JSON.stringify(key)} is held by another call still running in this process: this call was refused before sending anything, ` +
      "and that call goes on. If this is a retry of that request, wait for it to end (a call made after it re-attaches to its tasks, paid once). " +
      `If the AI SDK split n into calls that all carry the same headers (${perCall} below n), raise ${perCall} to n or leave it unset ` +
      `(one call then makes all n tasks, keyed ${key}-0, ${key}-1, ...), or drop the Idempotency-Key header. Different requests need different keys.`,
  });
}

/** Holds `key` for one call (no key: nothing to hold); refuses the call if another running call holds it. */
export function claimKey(key: string | undefined, perCall: "maxImagesPerCall" | "maxVideosPerCall"): KeyClaim {
  if (key === undefined) return free;
  if (held.has(key)) throw refusal(key, perCall);
  held.add(key);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.delete(key);
    },
  };
}
