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

  /**
   * @param seed - any number; its low 32 bits (and the integer part above) select the stream.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const a = new Generator(5).uniform();
   * if (new Generator(5).uniform() !== a || new Generator(6).uniform() === a) throw new Error('seed');
   * ```
   */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /**
   * The seed this generator was last seeded with.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * if (new Generator(7).initialSeed() !== 7) throw new Error('initialSeed');
   * ```
   */
  initialSeed(): number {
    return this.seedValue;
  }

  /**
   * Reset the state as if newly constructed with `seed`.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const g = new Generator(1);
   * const first = g.uniform();
   * g.manualSeed(1);
   * if (g.uniform() !== first) throw new Error('manualSeed');
   * ```
   */
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

  /**
   * Next 32 random bits as an unsigned integer.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const n = new Generator(0).nextUint32();
   * if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new Error('nextUint32');
   * ```
   */
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

  /**
   * A uniform float in [0, 1) with 53 random bits.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const u = new Generator(0).uniform();
   * if (!(u >= 0 && u < 1)) throw new Error('uniform');
   * ```
   */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box–Muller; the pair's second value is cached).
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const g = new Generator(0);
   * let total = 0;
   * for (let i = 0; i < 1000; i++) total += g.normal();
   * if (Math.abs(total / 1000) > 0.2) throw new Error('normal: mean far from 0');
   * ```
   */
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

  /**
   * A uniform integer in [low, high).
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const k = new Generator(0).integer(3, 5);
   * if (k !== 3 && k !== 4) throw new Error('integer');
   * ```
   */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const globalGenerator = new Generator(0);

/**
 * The generator used when none is passed.
 * @example
 * ```ts
 * import { defaultGenerator, manualSeed, rand } from '@tensorgrad/tensor';
 * manualSeed(3);
 * const a = defaultGenerator().uniform();
 * manualSeed(3);
 * if (rand([1]).item() !== Math.fround(a)) throw new Error('rand draws from the default generator');
 * ```
 */
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
