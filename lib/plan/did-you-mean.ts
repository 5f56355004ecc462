// A "did you mean" hint for a mistyped field name. Plan authors misspell (`drvault`), abbreviate (`subnet`,
// `kms`) and pluralise (`target`), so both edit distance and shared substrings count as close.

/** The candidate closest to `word`, or undefined when none is close enough to be worth suggesting. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = closeness(normalise(word), normalise(candidate));
    if (score !== undefined && (!best || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}

// Case and separators carry no meaning in a guess: `dr_vault`, `DR-Vault` and `drVault` are the same word.
const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

// Lower is closer; undefined is "not similar". Typos rank before abbreviations.
function closeness(word: string, candidate: string): number | undefined {
  const distance = editDistance(word, candidate);
  if (distance <= Math.max(1, Math.floor(word.length / 3))) return distance;
  const shared = longestCommonSubstring(word, candidate);
  // Short words only count as a prefix, or "id" would match every name that contains "id".
  const abbreviation =
    (word.length >= 3 && candidate.startsWith(word)) ||
    (word.length >= 4 && candidate.includes(word)) ||
    shared >= Math.max(4, Math.ceil(word.length * 0.6));
  return abbreviation ? 100 + candidate.length - shared : undefined;
}

// Levenshtein distance that also counts a swap of two neighbours as one edit (`tpye` -> `type`).
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function longestCommonSubstring(a: string, b: string): number {
  let longest = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      current[j] = (previous[j - 1] ?? 0) + 1;
      longest = Math.max(longest, current[j] ?? 0);
    }
    previous = current;
  }
  return longest;
}
