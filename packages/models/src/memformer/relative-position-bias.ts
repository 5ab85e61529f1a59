/**
 * Memformer's relative position bias (`memformer.RelativePositionBias`): a learned scalar per
 * head for each bucket of the query-key distance, added to the self-attention logits.
 */
import { Tensor, tensor } from '@tensorgrad/autograd';
import { Embedding, Module, checkOptions, rearrange, type OptionSpec } from '@tensorgrad/nn';

/** Options of {@link RelativePositionBias} (defaults: not causal, 32 buckets, 128, 8 heads). */
export interface RelativePositionBiasOptions {
  /** Decoder variant: past and future keys get separate halves of the buckets. */
  causal?: boolean;
  numBuckets?: number;
  /** Distance at which the logarithmic buckets saturate. */
  maxDistance?: number;
  heads?: number;
}

const RELATIVE_POSITION_BIAS_OPTIONS: OptionSpec<RelativePositionBiasOptions> = {
  causal: 'optional',
  numBuckets: 'optional',
  maxDistance: 'optional',
  heads: 'optional',
};

/**
 * The bucket of `keyPosition - queryPosition`, as `_relative_position_bucket` computes it in
 * float32. Non-causal, every key after the query shares bucket 0 (`n = max(-rel, 0)`): the
 * reference's asymmetry, kept. `causal` defaults to true, as in the Python static method.
 *
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const { relativePositionBucket } = memformer;
 * if (relativePositionBucket(-20, false) !== 17) throw new Error('a key 20 positions before the query');
 * if (relativePositionBucket(5, false) !== 0) throw new Error('every later key shares bucket 0');
 * if (relativePositionBucket(32, true) !== 28) throw new Error('decoder, future key: 16 + 12');
 * ```
 */
export function relativePositionBucket(
  relativePosition: number,
  causal = true,
  numBuckets = 32,
  maxDistance = 128,
): number {
  let bucket = 0;
  let n = -relativePosition;
  let buckets = numBuckets;
  if (causal) {
    buckets = Math.trunc(buckets / 2);
    if (n < 0) bucket += buckets;
    n = Math.abs(n);
  } else {
    n = Math.max(n, 0);
  }
  const maxExact = Math.trunc(buckets / 2);
  if (n < maxExact) return bucket + n;

  // The reference bins on float32 tensors and truncates with `.long()`: every step is rounded
  // to float32 so the buckets agree wherever float32 and float64 could differ. The Python
  // float divisor, math.log(max_distance / max_exact), is rounded to float32 first.
  const f32 = Math.fround;
  const logRatio = f32(Math.log(f32(n / maxExact)));
  const scaled = f32(f32(logRatio / f32(Math.log(maxDistance / maxExact))) * (buckets - maxExact));
  const large = Math.min(maxExact + Math.trunc(scaled), buckets - 1);
  return bucket + large;
}

/** `memformer.RelativePositionBias`: `Embedding[numBuckets, heads]` → `[1, heads, qlen, klen]`. */
export class RelativePositionBias extends Module {
  readonly relativeAttentionBias: Embedding;
  readonly causal: boolean;
  readonly numBuckets: number;
  /** Stored as in the reference, whose forward passes no `max_distance`: 128 is always used. */
  readonly maxDistance: number;

  constructor(options: RelativePositionBiasOptions = {}) {
    super();
    checkOptions('RelativePositionBias', options, RELATIVE_POSITION_BIAS_OPTIONS);
    const { causal = false, numBuckets = 32, maxDistance = 128, heads = 8 } = options;
    this.causal = causal;
    this.numBuckets = numBuckets;
    this.maxDistance = maxDistance;
    this.relativeAttentionBias = new Embedding(numBuckets, heads);
  }

  /** The bias `[1, heads, qlen, klen]`, positions counted from 0 on both sides. */
  forward(qlen: number, klen: number): Tensor {
    const buckets: number[][] = [];
    for (let i = 0; i < qlen; i++) {
      const row: number[] = [];
      // The reference calls the bucket function without max_distance, so its default (128)
      // applies whatever `maxDistance` the module was built with.
      for (let j = 0; j < klen; j++)
        row.push(relativePositionBucket(j - i, this.causal, this.numBuckets));
      buckets.push(row);
    }
    // The shape is explicit: with qlen or klen 0 (a target of length 1 leaves the decoder no
    // input tokens), nested arrays would lose a dimension; the reference returns [1, h, 0, 0].
    const table = tensor(buckets.flat(), { shape: [qlen, klen], dtype: 'int32' });
    const values = this.relativeAttentionBias.forward(table);
    return rearrange(values, 'i j h -> () h i j');
  }
}
