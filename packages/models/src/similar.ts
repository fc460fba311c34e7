// "Did you mean ...?" for a mistyped name (a model id, a field, a flag, a tool): the known names
// within a small edit distance of it (a letter added, dropped, changed, or two swapped), as
// commander suggests for commands. Case and separators are not counted: `kling-26`, `imagen4`,
// `aspectRatio` and `--aspect-ratio` are each a spelling of one name, not a typo of several.

// Lower case without - _ . or spaces: `Aspect-Ratio` and `aspect_ratio` compare equal.
const bare = (s: string) => s.toLowerCase().replace(/[-_. ]/g, "");

/** Edits (insert, delete, change, swap of neighbours) from `a` to `b`. Short names only: no cut-off needed. */
function distance(a: string, b: string): number {
  // d[i][j]: edits from the first i letters of a to the first j of b.
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d[i] = [];
    for (let j = 0; j <= b.length; j++)
      d[i][j] =
        i && j
          ? Math.min(
              d[i - 1][j] + 1,
              d[i][j - 1] + 1,
              d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
              a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? d[i - 2][j - 2] + 1 : d[i][j - 1] + 1,
            )
          : i + j;
  }
  return d[a.length][b.length];
}

/** The names of `known` closest to `typed` (at most a third of it edited), or none. */
export function closest(typed: string, known: readonly string[]): string[] {
  const t = bare(typed);
  let best = Math.max(1, Math.floor(t.length / 3));
  let near: string[] = [];
  for (const k of new Set(known)) {
    const d = distance(t, bare(k));
    if (d < best) [best, near] = [d, []];
    if (d === best) near.push(k);
  }
  return near;
}

/** `; did you mean x or y?` naming the closest of `known` to `typed` (at most a third of it edited), or "". */
export function didYouMean(typed: string, known: readonly string[]): string {
  const ids = closest(typed, known);
  return ids.length ? `; did you mean ${ids.join(" or ")}?` : "";
}
