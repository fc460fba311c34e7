// A list that grows at the end and is trimmed at the start, both in constant time on average.
// Array#shift on a large array moves every element (~150 µs at 100,000 tasks on Node 24), which
// a full task store pays on every create; here the start only moves an index, and the array is
// compacted once half of it is spent.
export class Queue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length() {
    return this.items.length - this.head;
  }

  push(item: T) {
    this.items.push(item);
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Empties slot `i` (0 is the oldest): the others keep their places (a hole reads as undefined). */
  clearAt(i: number) {
    if (i >= 0 && i < this.length) this.items[this.head + i] = undefined;
  }

  /** The item at `i` (0 is the oldest). */
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.items[this.head + i] : undefined;
  }

  /** Items `start` to `end` (exclusive), oldest first. */
  slice(start: number, end = this.length): T[] {
    return this.items.slice(this.head + Math.max(0, start), this.head + Math.min(end, this.length)) as T[];
  }
}
