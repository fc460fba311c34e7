// The two limits every call of a run shares: how many tasks run at once (slots), and how many
// requests go out per second (one rate limiter, which a 429 slows for everyone).
import { sleep } from "./sleep.js";

/** Tasks running at once. Waiting tasks start in priority order: later steps first, then by item. */
export class Slots {
  private free: number;
  private queue: { prio: number[]; go: () => void }[] = [];

  constructor(n: number) {
    this.free = n;
  }

  async take(prio: number[], signal?: AbortSignal): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        prio,
        go: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.queue.splice(this.queue.indexOf(entry), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const at = this.queue.findIndex((q) => before(prio, q.prio));
      this.queue.splice(at < 0 ? this.queue.length : at, 0, entry);
    });
    return this.releaser();
  }

  private releaser() {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next.go();
      else this.free++;
    };
  }
}

const before = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
};

export interface RateOptions {
  /** Requests per second the account may send. Known: the limiter keeps to it. Unknown: it is learned from 429s. */
  rate?: number;
}

/**
 * Spaces every request of the run evenly at `rate` per second. A 429 pauses all requests for its
 * Retry-After, not just the one that got it; with no known rate, the rate is learned: it grows
 * while requests wait for it and no 429 has come, and drops to just under the rate the server
 * accepted when one does, then creeps up slowly (so 429s stay rare).
 */
export class RateLimiter {
  rate: number;
  readonly fixed: boolean;
  private next = 0;
  private pausedUntil = 0;
  private probing = true;
  private lastDrop = 0;
  private bound = false;
  private accepted: number[] = [];
  readonly stats = { requests: 0, rateLimited: 0 };

  constructor(opts: RateOptions = {}, private readonly onPause?: (seconds: number) => void) {
    this.fixed = opts.rate !== undefined;
    this.rate = opts.rate ?? 20;
  }

  /** Waits for this request's turn. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      const at = Math.max(now, this.next, this.pausedUntil);
      this.next = at + 1000 / this.rate;
      if (at > now) {
        this.bound = true;
        await sleep(at - now, signal);
      }
      // A 429 that came in while this one waited moves it behind the pause.
      if (Date.now() >= this.pausedUntil) break;
    }
    this.stats.requests++;
  }

  /** The server took the request. */
  accept() {
    const now = Date.now();
    this.accepted.push(now);
    while (this.accepted.length && this.accepted[0] < now - 1000) this.accepted.shift();
    if (this.fixed || !this.bound) return;
    this.bound = false;
    // Slow start doubles in about 15 requests; after a 429, +0.05 request/s per second.
    this.rate = this.probing ? Math.min(1000, this.rate * 1.05) : this.rate + 0.05 / this.rate;
  }

  /** The server answered 429: everyone waits `retryAfter` seconds. */
  limited(retryAfter: number | undefined) {
    const now = Date.now();
    this.stats.rateLimited++;
    const wait = Math.min(60, retryAfter ?? 1) * 1000;
    if (now + wait > this.pausedUntil) {
      this.pausedUntil = now + wait;
      this.onPause?.(wait / 1000);
    }
    this.next = Math.max(this.next, this.pausedUntil);
    if (this.fixed || now - this.lastDrop < 1000) return;
    this.lastDrop = now;
    this.probing = false;
    const took = this.accepted.filter((t) => t >= now - 1000).length;
    this.rate = Math.max(0.5, Math.min(this.rate * 0.9, took ? took * 0.95 : this.rate * 0.5));
  }
}
