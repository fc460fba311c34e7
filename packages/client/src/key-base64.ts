// The key echoed base64-encoded: a proxy or gateway that logs the Authorization header quotes
// `base64("Bearer <key>")`, and a server may encode the key itself (base64 or base64url). Where a
// key starts in the encoded bytes decides how it encodes: three alignments, each with the
// characters that depend on the key's bytes alone (those holding bytes before or after it vary).
// `Bearer ` is 7 bytes, so its key is the second alignment. Built once per key, on the failure path.

// A process has a key or a few: a bound, not an eviction policy.
const patterns = new Map<string, RegExp | undefined>();

/** The key's base64 and base64url forms at the three alignments (case kept), as one pattern; none for a key shorter than 12. */
function patternOf(key: string): RegExp | undefined {
  if (patterns.has(key)) return patterns.get(key);
  if (patterns.size >= 16) patterns.clear();
  let re: RegExp | undefined;
  if (key.length >= 12) {
    const forms: string[] = [];
    for (let a = 0; a < 3; a++) {
      // Characters are 6 bits: those wholly inside the key's bits, after `a` bytes before it.
      const b64 = btoa("\0".repeat(a) + key).slice(Math.ceil((8 * a) / 6), Math.floor((8 * (a + key.length)) / 6));
      forms.push(b64, b64.replace(/\+/g, "-").replace(/\//g, "_"));
    }
    re = new RegExp(forms.map((f) => f.replace(/[+/]/g, "\\$&")).join("|"), "g");
  }
  patterns.set(key, re);
  return re;
}

/** `s` with the key's base64 and base64url forms replaced by `mark`; a text without one comes back equal. */
export function hideKeyBase64(s: string, key: string, mark: string): string {
  const re = patternOf(key);
  return re ? s.replace(re, mark) : s;
}
