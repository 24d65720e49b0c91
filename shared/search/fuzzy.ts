/**
 * "One character wrong or missing": does some part of `text` differ from
 * `query` by at most one edit (a character replaced, left out or added)?
 * Sellers' approximate substring matching: the edit-distance table with a
 * free start anywhere in the text, one row per query character.
 */
export function containsWithinOneEdit(text: string, query: string): boolean {
  const t = [...text];
  const q = [...query];
  if (q.length === 0) return true;
  // previous[j]: the fewest edits that turn q[0..i) into some part of t ending at j.
  let previous = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= q.length; i++) {
    const current = new Array<number>(t.length + 1);
    current[0] = i;
    let best = current[0];
    for (let j = 1; j <= t.length; j++) {
      const replace = previous[j - 1]! + (q[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(replace, previous[j]! + 1, current[j - 1]! + 1);
      if (current[j]! < best) best = current[j]!;
    }
    // Every later row is at least this row's best: past one edit, nothing can match.
    if (best > 1) return false;
    previous = current;
  }
  return previous.some((edits) => edits <= 1);
}
