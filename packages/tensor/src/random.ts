/**
 * Seedable random numbers, generated on the host so that a seed gives the same numbers on
 * every backend. xoshiro128** (Blackman & Vigna) for uniforms, Box–Muller for normals.
 * Not bit-compatible with torch's generator.
 */

/** splitmix32: spreads a (possibly small) seed over the 128 bits of xoshiro state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A random number generator with its own state; pass one to `rand`/`randn`/... to get a stream
 * independent of the global generator.
 * @example
 * ```ts
 * import { Generator, rand } from '@tensorgrad/tensor';
 * const g = new Generator(42);
 * const a = rand([2], { generator: g }).toArray();
 * const b = rand([2], { generator: new Generator(42) }).toArray();
 * if (String(a) !== String(b)) throw new Error('the same seed gives the same numbers');
 * ```
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second Box–Muller normal, kept for the next call. */
  private spareNormal: number | null = null;
  private seedValue = 0;

  /** @param seed - any number; its low 32 bits (and the integer part above) select the stream. */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** The seed this generator was last seeded with. */
  initialSeed(): number {
    return this.seedValue;
  }

  /** Reset the state as if newly constructed with `seed`. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed))
      throw new Error(`manualSeed: seed must be a finite number, got ${seed}`);
    this.seedValue = seed;
    const hi = Math.floor(seed / 2 ** 32);
    const next = splitmix32((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    this.spareNormal = null;
    return this;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample (Box–Muller; the pair's second value is cached). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    // 1 - uniform() is in (0, 1], so the log never sees 0.
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** A uniform integer in [low, high). */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const globalGenerator = new Generator(0);

/** The generator used when none is passed. */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

/**
 * Reseed the global generator, making later random calls reproducible.
 * @example
 * ```ts
 * import { manualSeed } from '@tensorgrad/tensor';
 * if (manualSeed(0).uniform() !== manualSeed(0).uniform()) throw new Error('manualSeed');
 * ```
 */
export function manualSeed(seed: number): Generator {
  return globalGenerator.manualSeed(seed);
}
