// Uploaded files, kept in memory for `fileLifetime` (24 h by default, as the real API).
export interface StoredFile {
  id: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  created: number;
}

export class FileStore {
  private files = new Map<string, StoredFile>();
  private seq = 0;

  constructor(private lifetime: number) {}

  add(filename: string, contentType: string, bytes: Uint8Array, now = Date.now()) {
    const f = { id: `file_${(++this.seq).toString(36)}${Math.random().toString(36).slice(2, 8)}`, filename, contentType, bytes, created: now };
    this.files.set(f.id, f);
    return f;
  }

  expired(f: StoredFile, now = Date.now()) {
    return now - f.created >= this.lifetime;
  }

  get(id: string) {
    return this.files.get(id);
  }

  view(f: StoredFile, origin: string) {
    return {
      id: f.id,
      url: `${origin}/__mock/files/${f.id}/${encodeURIComponent(f.filename)}`,
      filename: f.filename,
      size: f.bytes.byteLength,
      content_type: f.contentType,
      created_at: new Date(f.created).toISOString(),
      expires_at: new Date(f.created + this.lifetime).toISOString(),
    };
  }

  list(origin: string, now = Date.now()) {
    return [...this.files.values()].map((f) => ({ ...this.view(f, origin), expired: this.expired(f, now) }));
  }

  clear() {
    this.files.clear();
  }
}
