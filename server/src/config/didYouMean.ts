// "Did you mean …?" suggestions for misspelt config keys and rule ids.

/** Levenshtein distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word`, when it is close enough to be a plausible typo: at most two
 * edits, and at most a third of the word's length (so short words do not match everything).
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const normalized = word.toLowerCase();
  const limit = Math.min(2, Math.max(1, Math.floor(normalized.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(normalized, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
