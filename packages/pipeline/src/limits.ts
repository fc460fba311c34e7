// The two limits every call of a run shares: how many tasks run at once (slots), and how many
// requests go out per second (one rate limiter, which a 429 slows for everyone).

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
 * The longest a 429 pauses the run, in seconds. The server's Retry-After is the authority (a
 * request sent before it allows is refused again); the cap only keeps a broken or hostile
 * Retry-After (a day, a year) from hanging a run: 10 minutes is far above any wait a rate limit
 * asks for, and a longer one ends the pause early rather than never.
 */
export const MAX_PAUSE_S = 600;

/** Who goes first when several requests wait: watching frees task slots, so it never queues behind creates. */
export const WATCH = 0;
export const WORK = 1;

interface Waiter {
  prio: number;
  go: () => void;
}

/**
 * Lets the requests of the whole run out one at a time, evenly spaced at `rate` per second, in
 * priority order (`WATCH` before `WORK`, then first come first served). A 429 pauses all requests for its
 * Retry-After, not just the one that got it; with no known rate, the rate is learned: it grows
 * while requests wait for it and no 429 has come, and drops to just under the rate the server
 * accepted when one does, then creeps up slowly (so 429s stay rare).
 */
export class RateLimiter {
  rate: number;
  readonly fixed: boolean;
  /** When the last request was let out (ms, monotonic). */
  private last = -Infinity;
  private pausedUntil = 0;
  private waiting: Waiter[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private probing = true;
  private lastDrop = -Infinity;
  /** Drops in a row, each within a second of the one before. */
  private repeats = 0;
  /** Requests the server took, in all; and that count at the last drop. */
  private took = 0;
  private tookAtDrop = 0;
  /** Since the last drop, a turn went unused (the run asked for less than the rate). */
  private slack = true;
  private bound = false;
  /** The rate last told to onLimited (none yet: -1). */
  private told = -1;
  private accepted: number[] = [];
  readonly stats = { requests: 0, rateLimited: 0 };

  constructor(
    opts: RateOptions = {},
    /** Told when a 429 changed the rate (a learned one), or first met a fixed one: not at every 429. */
    private readonly onLimited?: (change: { retryAfter: number; rate: number }) => void,
  ) {
    this.fixed = opts.rate !== undefined;
    this.rate = opts.rate ?? 20;
  }

  /** True when the budget goes unused: no request waits for its turn and no 429 pause holds. */
  idle(): boolean {
    return this.waiting.length === 0 && performance.now() >= this.pausedUntil;
  }

  /** Waits for this request's turn (`prio`: lower goes first). */
  acquire(signal?: AbortSignal, prio = WORK): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        prio,
        go: () => {
          signal?.removeEventListener("abort", onAbort);
          this.stats.requests++;
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const at = this.waiting.findIndex((q) => q.prio > prio);
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, w);
      this.pump();
    });
  }

  /** Lets out the first waiter when its turn has come, else sets one timer for that moment. */
  private pump() {
    if (this.timer) return;
    while (this.waiting.length) {
      const now = performance.now();
      const interval = 1000 / this.rate;
      const at = Math.max(this.last + interval, this.pausedUntil);
      if (at > now) {
        // Requests wait for the rate: what the learned rate grows on.
        this.bound = true;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, at - now);
        return;
      }
      // A turn free well before this request came: the run asked for less than the rate.
      if (now - at > interval) this.slack = true;
      // A turn that came late (a timer held up by a busy event loop) does not push every later turn
      // back: a delay of up to one turn is made up; after a longer quiet spell, turns restart from now.
      this.last = now - at < interval ? at : now;
      this.waiting.shift()?.go();
    }
  }

  /** The server took the request. */
  accept() {
    const now = performance.now();
    this.took++;
    this.accepted.push(now);
    while (this.accepted.length && this.accepted[0] < now - 1000) this.accepted.shift();
    if (this.fixed || !this.bound) return;
    this.bound = false;
    // Slow start doubles in about 15 requests; after a 429, +0.05 request/s per second.
    this.rate = this.probing ? Math.min(1000, this.rate * 1.05) : this.rate + 0.05 / this.rate;
  }

  /**
   * The server answered 429: everyone waits `retryAfter` seconds. `sentAt`: when that request was
   * let out (performance.now()); a request let out before the last drop says nothing about the
   * rate since, but one let out after it does: the new rate is still too high, and it drops again
   * (a token bucket's burst made the first measure too high, and the rate came down 10% a second
   * while 429s kept coming: 9-16% of a run's requests).
   */
  limited(retryAfter: number | undefined, sentAt?: number) {
    const now = performance.now();
    // What the server took is measured since the last pause ended (or over the last second): a
    // window holding the pause itself would make the rate look far lower than it is.
    const from = Math.max(now - 1000, this.pausedUntil);
    this.stats.rateLimited++;
    const wait = Math.min(MAX_PAUSE_S, retryAfter ?? 1) * 1000;
    if (now + wait > this.pausedUntil) {
      this.pausedUntil = now + wait;
      // The timer set for the next turn would let a request out during the pause.
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.pump();
      }
    }
    const stale = sentAt === undefined ? now - this.lastDrop < 1000 : sentAt < this.lastDrop;
    if (this.fixed || stale) return this.tell(wait);
    // Drops in a row (each within a second of the last) cut deeper: 10%, then 19%, 27%...
    this.repeats = now - this.lastDrop < 1000 ? this.repeats + 1 : 0;
    const step = 0.9 ** (1 + this.repeats);
    let next: number;
    const sinceDrop = now - this.lastDrop;
    if (sentAt !== undefined && !this.slack && sinceDrop >= 250) {
      // A 429 again, the run asking for more than the rate all along since the last one: the
      // server's bucket was empty then and is again, so what it took over that span (its pauses
      // included) is its rate, its burst no longer in it (a window after a pause holds the burst the
      // pause refilled: measured so, a Retry-After of 1 s took seven drops to come down).
      const took = this.took - this.tookAtDrop;
      next = took ? ((took * 1000) / sinceDrop) * 0.95 : this.rate * 0.5;
    } else {
      const span = now - from;
      const took = this.accepted.filter((t) => t >= from).length;
      // Too short a window to measure: just step down.
      next = span < 250 ? this.rate * step : took ? ((took * 1000) / span) * 0.95 : this.rate * 0.5;
    }
    this.lastDrop = now;
    this.tookAtDrop = this.took;
    this.slack = false;
    this.probing = false;
    this.rate = Math.max(0.5, Math.min(this.rate * step, next));
    this.tell(wait);
  }

  /** Tells onLimited of a rate it has not told yet (a fixed rate: its first 429 only). */
  private tell(wait: number) {
    if (this.rate === this.told) return;
    this.told = this.rate;
    this.onLimited?.({ retryAfter: wait / 1000, rate: this.rate });
  }
}
