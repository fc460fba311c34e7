// Keeps the API key out of everything the server says. The client never puts the key in a
// message itself, but a server can echo the Authorization header back (in an error body, a task
// id, an output URL): every tool result, notification and log line passes through here.
import { redactHidden } from "@monet-ai/client/outputs";

const MARK = "[redacted]";

export function redactor(key: string | undefined) {
  // Any run of the key of half of it or more, as sent, percent-encoded or `\/`-escaped, in any
  // case; and a key split by characters that show as nothing (a bell, a zero-width space, a
  // terminal sequence, or their JSON escapes), which is still the key to a reader and to an agent
  // told to use it: such a string loses what hid it, and the key (the client's redactHidden).
  const text = (s: string) => (key ? redactHidden(s, key, MARK) : s);
  const deep = <T>(v: T): T => {
    if (!key) return v;
    if (typeof v === "string") return text(v) as T;
    if (Array.isArray(v)) return v.map(deep) as T;
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), deep(x)])) as T;
    return v;
  };
  return deep;
}
