// The mock's clock: what tasks, uploads and their timestamps read as "now". By default it is the
// wall clock. With the `now` option it stands still at that time, so `created_at` and
// `updated_at` are the same on every run (snapshots), and it moves only when a test advances it
// (`POST /__mock/advance`, `mock.advanceClock(ms)`): a clock that also followed real time would
// differ by a few milliseconds between runs. Advancing works on the wall clock too.
export class Clock {
  private offset = 0;

  /** `fixed`: ms since 1970 the clock stands at; undefined: the wall clock. */
  constructor(private readonly fixed?: number) {}

  now(): number {
    return (this.fixed ?? Date.now()) + this.offset;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number) {
    this.offset += ms;
  }

  get frozen() {
    return this.fixed !== undefined;
  }
}
