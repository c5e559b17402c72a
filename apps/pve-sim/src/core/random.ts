/**
 * Deterministic randomness. Values are derived by hashing (seed, purpose, key...) rather than
 * drawn from one stream, so a container's MAC address or load curve does not depend on the order
 * in which other things happened.
 */

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of the parts (FNV-1a over their text, then murmur's finaliser). */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0001');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A number in [0, 1) derived from the parts. */
export function unitHash(...parts: (string | number)[]): number {
  return hash32(...parts) / 0x100000000;
}

/** A seeded generator for a stream of numbers (mulberry32). */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = hash32('stream', seed);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** Keyed value: the same seed and key always give the same number in [0, 1). */
  keyed(...parts: (string | number)[]): number {
    return unitHash(this.seed, ...parts);
  }

  keyedInt(min: number, maxInclusive: number, ...parts: (string | number)[]): number {
    return min + Math.floor(this.keyed(...parts) * (maxInclusive - min + 1));
  }
}
