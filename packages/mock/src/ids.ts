// Where the mock's ids come from: task ids' random part, upload ids and request ids. By default
// they are random (an upload's id is a capability URL: 128 unguessable bits) and request ids
// count up across the process. With a `seed` each is a pure function of the seed and of how
// many came before on this server (SHA-256 of both, from node:crypto: no hand-written generator),
// so two mocks started with the same seed answer the same request sequence with the same ids.
import { createHash, randomBytes } from "node:crypto";

let processRequests = 0;

export class Ids {
  private tasks = 0;
  private files = 0;
  private requests = 0;

  constructor(private readonly seed?: string) {}

  private bytes(kind: string, n: number) {
    return createHash("sha256").update(`${this.seed}\0${kind}\0${n}`).digest();
  }

  /** A whole number below `range` (at most 2^32): a task id's random part. */
  taskRandom(range: number): number {
    if (this.seed === undefined) return Math.floor(Math.random() * range);
    return this.bytes("task", ++this.tasks).readUInt32BE(0) % range;
  }

  /** An upload's id: 128 bits, random unless seeded. */
  fileId(): string {
    const bits = this.seed === undefined ? randomBytes(16) : this.bytes("file", ++this.files).subarray(0, 16);
    return `file_${bits.toString("base64url")}`;
  }

  /** `req_000001`, `req_000002`, ...: per process by default, per server when seeded. */
  requestId(): string {
    const n = this.seed === undefined ? ++processRequests : ++this.requests;
    return `req_${n.toString(36).padStart(6, "0")}`;
  }
}
