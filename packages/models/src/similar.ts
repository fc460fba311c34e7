// "Did you mean ...?" for a mistyped id: the known ids within a small edit distance of it (a
// letter added, dropped, changed, or two swapped), as commander suggests for commands.

/** Edits (insert, delete, change, swap of neighbours) between `a` and `b`, or `max + 1` once above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return Math.min(rows[a.length][b.length], max + 1);
}

/** `; did you mean x or y?` naming the closest of `known` to `typed` (at most a third of it edited), or "". */
export function didYouMean(typed: string, known: readonly string[]): string {
  const max = Math.max(1, Math.floor(typed.length / 3));
  const scored = [...new Set(known)].map((id) => ({ id, d: distance(typed.toLowerCase(), id.toLowerCase(), max) })).filter((s) => s.d <= max);
  const best = Math.min(...scored.map((s) => s.d));
  const ids = scored.filter((s) => s.d === best).map((s) => s.id);
  return ids.length ? `; did you mean ${ids.join(" or ")}?` : "";
}
