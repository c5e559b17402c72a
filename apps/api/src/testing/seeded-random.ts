/** A small deterministic PRNG (mulberry32): the same seed gives the same fuzz run. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return Math.floor(this.next() * (max - min + 1)) + min;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Letters first, then letters and digits: fits most name patterns. */
  word(length: number): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const alphanumeric = `${letters}0123456789`;
    let text = letters[this.int(0, letters.length - 1)];
    while (text.length < length) text += alphanumeric[this.int(0, alphanumeric.length - 1)];
    return text.slice(0, Math.max(length, 1));
  }

  /** A fork for one route, so adding a route does not change the cases of the others. */
  fork(label: string): SeededRandom {
    let hash = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 16777619);
    return new SeededRandom(hash >>> 0);
  }
}

/** FUZZ_SEED from the environment, or the fixed default. */
export function fuzzSeed(fallback = 20261127): number {
  const raw = process.env['FUZZ_SEED'];
  const parsed = raw ? Number.parseInt(raw, 10) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}
