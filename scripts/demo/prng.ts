/**
 * A tiny seeded pseudo-random number generator for demo data: mulberry32, a
 * 32-bit generator with a period of 2^32 and good enough statistics for
 * picking names and dates. Same seed, same sequence, on every machine: the
 * arithmetic is all 32-bit integer (Math.imul, >>>), never floating-point
 * accumulation. Not for anything secret.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max], both included. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key, chosen with the given weights (which need not sum to 1). */
  weighted<K extends string>(weights: Readonly<Record<K, number>> | WeightTable<K>): K;
}

/** Weights prepared once (cumulative), for choices made in a hot loop. */
export interface WeightTable<K extends string> {
  readonly keys: readonly K[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weightTable<K extends string>(weights: Readonly<Record<K, number>>): WeightTable<K> {
  const keys = Object.keys(weights) as K[];
  const cumulative: number[] = [];
  let total = 0;
  for (const key of keys) {
    total += weights[key];
    cumulative.push(total);
  }
  return { keys, cumulative, total };
}

const isWeightTable = <K extends string>(w: Readonly<Record<K, number>> | WeightTable<K>): w is WeightTable<K> =>
  Array.isArray((w as WeightTable<K>).cumulative);

/** mulberry32 (Tommy Ettinger, public domain). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from any string or number, so seeds like 'demo-2026' work too (FNV-1a). */
export function seedFrom(value: string | number): number {
  const text = String(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRng(seed: string | number): Rng {
  const next = mulberry32(typeof seed === 'number' ? seed : seedFrom(seed));
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
    weighted<K extends string>(weights: Readonly<Record<K, number>> | WeightTable<K>): K {
      const table = isWeightTable(weights) ? weights : weightTable(weights);
      const roll = next() * table.total;
      for (let i = 0; i < table.keys.length; i++) if (roll < table.cumulative[i]!) return table.keys[i]!;
      return table.keys.at(-1)!;
    },
  };
}
