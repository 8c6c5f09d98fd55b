// A seeded pseudo-random generator (sfc32, seeded through a string hash), so the demo county
// is the same on every machine for the same seed. Each generation step forks its own stream
// by name: changing how much one step draws does not move what the others draw.

/** 32-bit FNV-1a then a murmur3 finaliser: a seed from any text. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seedText: string) {
    this.a = hashSeed(`${seedText}#a`);
    this.b = hashSeed(`${seedText}#b`);
    this.c = hashSeed(`${seedText}#c`);
    this.d = 1;
    for (let k = 0; k < 12; k++) this.next();
  }

  /** An independent stream for one job, e.g. `rng.fork('components')`. */
  fork(label: string): Random {
    return new Random(`${this.seedText}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Whole number in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal by Box-Muller, scaled. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count: Knuth's method for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let k = items.length - 1; k > 0; k--) {
      const m = Math.floor(this.next() * (k + 1));
      [items[k], items[m]] = [items[m]!, items[k]!];
    }
    return items;
  }
}

/** Draws items in proportion to weights in O(log n) per draw. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new RangeError('weighted table needs one weight per item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    weights.forEach((w, k) => {
      sum += Math.max(0, w);
      this.cumulative[k] = sum;
    });
    if (sum <= 0) throw new RangeError('weighted table needs a positive weight');
    this.total = sum;
  }

  draw(rng: Random): T {
    const target = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
