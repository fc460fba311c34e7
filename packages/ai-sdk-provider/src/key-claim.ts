// One Idempotency-Key, one call at a time in this process. One call makes all `n` tasks (keys
// derived from the caller's), so the AI SDK only splits `n` when the user forces it
// (`maxImagesPerCall` / `maxVideosPerCall` below n), and then every part carries the same headers:
// the parts cannot be told apart, and each would re-attach to the others' tasks. Two calls with
// one key at once are never retries of each other (a retry starts after its call ended), so both
// are refused before anything is sent, rather than one task coming back as several.
import { InvalidArgumentError } from "@ai-sdk/provider";

/** The calls holding a key; `claimed` settles once the holder has checked for others (and let go, if refused). */
const held = new Map<string, { collided: boolean; claimed: Promise<void> }>();

export interface KeyClaim {
  /** Throws if another call with the key started since (call it before creating anything). */
  check(): void;
  release(): void;
}

const free: KeyClaim = { check() {}, release() {} };

function refusal(key: string, perCall: "maxImagesPerCall" | "maxVideosPerCall"): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: "Idempotency-Key",
    message:
      `Idempotency-Key ${JSON.stringify(key)} is held by another call running in this process: refused before anything was sent. ` +
      `When ${perCall} is below n, the AI SDK splits n into calls that all carry the same headers, and they cannot be told apart: ` +
      `leave ${perCall} unset (one call then makes all n tasks, keyed ${key}-0, ${key}-1, ...), or drop the Idempotency-Key header, ` +
      "or give each concurrent call its own key",
  });
}

/** Holds `key` for one call (no key: nothing to hold); refuses it if another call holds it. */
export async function claimKey(key: string | undefined, perCall: "maxImagesPerCall" | "maxVideosPerCall"): Promise<KeyClaim> {
  if (key === undefined) return free;
  const other = held.get(key);
  if (other) {
    other.collided = true; // the holder is refused too: a part of a split must not run alone
    // Thrown once the holder has let go, so a call made right after this error finds the key free.
    await other.claimed;
    throw refusal(key, perCall);
  }
  let settle = () => {};
  const mine = { collided: false, claimed: new Promise<void>((resolve) => (settle = resolve)) };
  held.set(key, mine);
  const claim: KeyClaim = {
    check() {
      if (mine.collided) throw refusal(key, perCall);
    },
    release() {
      if (held.get(key) === mine) held.delete(key);
    },
  };
  // The AI SDK starts the parts of a split one after another in one go: a macrotask later, each
  // has met this claim, and none has sent anything.
  await new Promise((resolve) => setTimeout(resolve, 0));
  try {
    claim.check();
  } catch (e) {
    claim.release();
    throw e;
  } finally {
    settle();
  }
  return claim;
}
