/**
 * Memformer's relative position bias: a learned scalar per head for each bucket of the distance
 * between a query and a key, added to the self-attention logits (a T5-like scheme with its own
 * bucket function, ported from `memformer.RelativePositionBias`).
 */
import { Tensor, tensor } from '@tensorgrad/autograd';
import { Embedding, Module, rearrange } from '@tensorgrad/nn';

/**
 * Constructor options of {@link RelativePositionBias} (the Python kwargs, camelCase).
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const options: memformer.RelativePositionBiasOptions = { causal: true, numBuckets: 8, maxDistance: 16, heads: 2 };
 * const bias = new memformer.RelativePositionBias(options);
 * if (bias.relativeAttentionBias.weight.shape.join() !== '8,2') throw new Error('[buckets, heads]');
 * ```
 */
export interface RelativePositionBiasOptions {
  /** Decoder variant: past and future keys get separate halves of the buckets. Default false. */
  causal?: boolean;
  /** Number of buckets (halved per direction when causal). Default 32. */
  numBuckets?: number;
  /** Distance at which the logarithmic buckets saturate. Default 128. */
  maxDistance?: number;
  /** Attention heads, one bias each. Default 8. */
  heads?: number;
}

/**
 * The bucket of one relative position `keyPosition - queryPosition`, exactly as
 * `RelativePositionBias._relative_position_bucket` computes it in float32.
 *
 * Non-causal (encoder): keys after the query all share bucket 0 (`n = max(-rel, 0)`), which is
 * how the reference behaves, asymmetric as it is. Causal (decoder): half the buckets are for
 * `n >= 0` (past), the other half, offset by `numBuckets / 2`, for future keys.
 *
 * Distances below `maxExact = buckets / 2` get a bucket each; larger ones are binned
 * logarithmically. The reference computes that logarithm on float32 tensors and truncates it
 * toward zero with `.long()`, so each step below is rounded to float32 (`Math.fround`) to stay
 * in the same bucket wherever float32 and float64 could disagree. (For the default sizes they
 * agree at every distance, including the exact boundaries 16, 32 and 64 of the decoder.)
 *
 * @param relativePosition - `keyPosition - queryPosition` (an integer).
 * @param causal - decoder variant. Default true, as in the Python static method.
 * @param numBuckets - total number of buckets. Default 32.
 * @param maxDistance - distance where the logarithmic buckets saturate. Default 128.
 * @returns the bucket index, in `[0, numBuckets)`.
 *
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const { relativePositionBucket } = memformer;
 * if (relativePositionBucket(-20, false) !== 17) throw new Error('a key 20 positions before the query');
 * if (relativePositionBucket(5, false) !== 0) throw new Error('every later key shares bucket 0');
 * if (relativePositionBucket(-32, true) !== 12) throw new Error('decoder, past key');
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

  const f32 = Math.fround;
  // torch.log(n.float() / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact):
  // float32 tensor ops throughout; the Python float divisor is rounded to float32 first.
  const logRatio = f32(Math.log(f32(n / maxExact)));
  const scaled = f32(f32(logRatio / f32(Math.log(maxDistance / maxExact))) * (buckets - maxExact));
  const large = Math.min(maxExact + Math.trunc(scaled), buckets - 1);
  return bucket + large;
}

/**
 * `memformer.RelativePositionBias`: an `Embedding[numBuckets, heads]` looked up by the bucket of
 * every (query, key) pair, returned as a `[1, heads, qlen, klen]` bias for the attention logits.
 *
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const bias = new memformer.RelativePositionBias({ heads: 4 });
 * if (bias.forward(6, 6).shape.join() !== '1,4,6,6') throw new Error('[1, heads, q, k]');
 * ```
 */
export class RelativePositionBias extends Module {
  /**
   * The learned bias of each bucket, one column per head (`relative_attention_bias`).
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.RelativePositionBias({ heads: 4 }).relativeAttentionBias.weight.shape.join() !== '32,4') throw new Error('[buckets, heads]');
   * ```
   */
  readonly relativeAttentionBias: Embedding;
  /**
   * Decoder (causal) or encoder bucket function.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (!new memformer.RelativePositionBias({ causal: true }).causal) throw new Error('decoder buckets');
   * ```
   */
  readonly causal: boolean;
  /**
   * Total number of buckets.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.RelativePositionBias({ numBuckets: 16 }).numBuckets !== 16) throw new Error('stored');
   * ```
   */
  readonly numBuckets: number;
  /**
   * Stored as in the reference; its forward passes no `max_distance`, so 128 is always used.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.RelativePositionBias({ maxDistance: 64 }).maxDistance !== 64) throw new Error('stored');
   * ```
   */
  readonly maxDistance: number;

  /**
   * @param options - see {@link RelativePositionBiasOptions}.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const bias = new memformer.RelativePositionBias();
   * if (bias.numBuckets !== 32 || bias.maxDistance !== 128 || bias.causal) throw new Error('defaults');
   * ```
   */
  constructor({
    causal = false,
    numBuckets = 32,
    maxDistance = 128,
    heads = 8,
  }: RelativePositionBiasOptions = {}) {
    super();
    this.causal = causal;
    this.numBuckets = numBuckets;
    this.maxDistance = maxDistance;
    this.relativeAttentionBias = new Embedding(numBuckets, heads);
  }

  /**
   * The bias for `qlen` queries and `klen` keys, positions counted from 0 on both sides.
   * @returns `[1, heads, qlen, klen]`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const bias = new memformer.RelativePositionBias({ heads: 2 }).forward(1, 3); // [1, 2, 1, 3]
   * const [, later, evenLater] = [...bias.data()]; // head 0: keys after the query share bucket 0 (encoder)
   * if (later !== evenLater) throw new Error('same bias');
   * ```
   */
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
    const values = this.relativeAttentionBias.forward(tensor(buckets, { dtype: 'int32' }));
    return rearrange(values, 'i j h -> () h i j');
  }
}
