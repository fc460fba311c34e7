// A steady rate limit per API key: a token bucket refilled continuously at `perSecond`, holding at
// most `burst` tokens. Used by `--rate-limit 20/s` and by the `rate-limit` fault with a `rate`.

export interface Rate {
  /** As written ("20/s"), for listings and messages. */
  text: string;
  perSecond: number;
  /** How many requests may arrive at once after a quiet spell (default: one second's worth, at least 1). */
  burst: number;
}

const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };
const EXAMPLE = 'a rate such as "20/s", "600/min" or "3600/h"';

/** Parses "20/s", "600/min", "3600/h" (or a number: per second). Throws a message naming what is allowed. */
export function parseRate(value: string | number, burst?: number): Rate {
  let perSecond = NaN;
  let text = String(value);
  if (typeof value === "number") {
    perSecond = value;
    text = `${value}/s`;
  } else {
    const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)\s*$/i.exec(value);
    const unit = m && UNITS[m[2].toLowerCase()];
    if (m && unit) perSecond = Number(m[1]) / unit;
  }
  if (!Number.isFinite(perSecond) || perSecond <= 0) throw new Error(`must be ${EXAMPLE} (got ${JSON.stringify(value)})`);
  if (burst !== undefined && (!Number.isInteger(burst) || burst < 1 || burst > 1_000_000))
    throw new Error(`burst must be a whole number from 1 to 1000000 (got ${JSON.stringify(burst)})`);
  return { text, perSecond, burst: burst ?? Math.max(1, Math.round(perSecond)) };
}

const MAX_KEYS = 10_000;

export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(readonly rate: Rate) {}

  /** Takes one token for `key` at `now` (ms, monotonic): 0 when allowed, else the ms until one is due. */
  take(key: string, now = performance.now()): number {
    const { perSecond, burst } = this.rate;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.forgetFull(now);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) * perSecond) / 1000);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return ((1 - b.tokens) * 1000) / perSecond;
  }

  /** Buckets that have refilled are the same as new ones: drop them to bound memory. */
  private forgetFull(now: number) {
    const { perSecond, burst } = this.rate;
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.at) * perSecond) / 1000 >= burst) this.buckets.delete(k);
  }
}
