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

/** Layout version of {@link Generator.getState}'s bytes. */
const STATE_VERSION = 1;

/**
 * Size of {@link Generator.getState}'s bytes: a version byte, a flag for the cached normal, six
 * zero bytes, the four 32-bit xoshiro words, the cached normal and the seed (float64s), all
 * little endian.
 */
const GENERATOR_STATE_BYTES = 40;

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

  /**
   * A copy of the whole state, as `torch.Generator.get_state()` (which returns a byte tensor):
   * 40 opaque bytes that {@link setState} restores, so that a run
   * resumed from a checkpoint draws the same numbers as one that never stopped.
   * @example
   * ```ts
   * import { Generator } from '@tensorgrad/tensor';
   * const g = new Generator(7);
   * g.normal(); // leaves the pair's second normal cached: part of the state
   * const saved = g.getState();
   * const next = [g.normal(), g.uniform()];
   * const resumed = new Generator().setState(saved);
   * if (String([resumed.normal(), resumed.uniform()]) !== String(next)) throw new Error('same stream');
   * ```
   */
  getState(): Uint8Array {
    const bytes = new Uint8Array(GENERATOR_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    view.setUint8(0, STATE_VERSION);
    view.setUint8(1, this.spareNormal === null ? 0 : 1);
    [this.s0, this.s1, this.s2, this.s3].forEach((word, i) =>
      view.setUint32(8 + 4 * i, word, true),
    );
    view.setFloat64(24, this.spareNormal ?? 0, true);
    view.setFloat64(32, this.seedValue, true);
    return bytes;
  }

  /**
   * Restore a state from {@link getState} (as `torch.Generator.set_state`). The bytes are
   * checked first; a malformed state changes nothing.
   */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array) || state.length !== GENERATOR_STATE_BYTES) {
      const got =
        state instanceof Uint8Array
          ? `${state.length} bytes`
          : Array.isArray(state)
            ? 'an array (wrap it: new Uint8Array(state))'
            : typeof state;
      throw new Error(
        `Generator.setState: expected the ${GENERATOR_STATE_BYTES}-byte Uint8Array of getState(), got ${got}`,
      );
    }
    const view = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const version = view.getUint8(0);
    const hasSpare = view.getUint8(1);
    const words = [0, 1, 2, 3].map((i) => view.getUint32(8 + 4 * i, true));
    const spare = view.getFloat64(24, true);
    const seed = view.getFloat64(32, true);
    const problem =
      version !== STATE_VERSION
        ? `version ${version}, expected ${STATE_VERSION}`
        : hasSpare > 1
          ? `byte 1 is ${hasSpare}, expected 0 or 1`
          : words.every((w) => w === 0)
            ? 'an all-zero xoshiro state, which only ever yields zeros'
            : !Number.isFinite(spare) || !Number.isFinite(seed)
              ? 'a non-finite cached normal or seed'
              : null;
    if (problem !== null) {
      throw new Error(`Generator.setState: not a state from getState(): ${problem}`);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.spareNormal = hasSpare === 1 ? spare : null;
    this.seedValue = seed;
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
