/**
 * ScalableViT's per-stage hyperparameters: each may be given once for every stage or as one
 * value per stage (the reference's `cast_tuple`), and is checked here, at construction.
 */

/** A hyperparameter shared by every stage (`T`) or given per stage (`T[]`, one entry each). */
export type PerStage<T> = T | readonly T[];

/**
 * One value per stage: `value` repeated `numStages` times, or the array itself when its length is
 * `numStages` (Python: `cast_tuple(val, length)` then the length assertion). Throws, naming the
 * option, for an array of any other length.
 *
 * @example
 * ```ts
 * castPerStage('heads', 2, 3); // [2, 2, 2]
 * castPerStage('heads', [1, 2], 2); // [1, 2]
 * castPerStage('heads', [1, 2], 3); // throws: heads has 2 entries, expected 3 (one per stage) ...
 * ```
 */
export function castPerStage<T>(name: string, value: PerStage<T>, numStages: number): T[] {
  if (!Array.isArray(value)) return Array.from({ length: numStages }, () => value as T);
  const values = value as readonly T[];
  if (values.length !== numStages) {
    throw new Error(
      `ScalableViT: ${name} has ${values.length} entries, expected ${numStages} (one per stage, as depth has) or a single value`,
    );
  }
  return [...values];
}

/**
 * Throws unless `value` is an integer >= `min`, naming the option (and the stage, if any).
 *
 * @example
 * ```ts
 * checkInteger('dim', 16, 1); // 16
 * checkInteger('heads', 0, 1, 1); // throws: ScalableViT: heads of stage 1 must be an integer >= 1, got 0
 * ```
 */
export function checkInteger(name: string, value: unknown, min: number, stage?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const where = stage === undefined ? name : `${name} of stage ${stage}`;
    throw new Error(`ScalableViT: ${where} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * The `[height, width]` of each stage's feature map for an image of `imageSize`: the patch
 * convolution (kernel 7, stride 4, padding 3) then, before each later stage, a `Downsample`
 * (kernel 3, stride 2, padding 1). Convolutions floor, as in PyTorch.
 *
 * @example
 * ```ts
 * featureMapSizes([32, 48], 2); // [[8, 12], [4, 6]]
 * ```
 */
export function featureMapSizes(
  imageSize: readonly [number, number],
  numStages: number,
): [number, number][] {
  const conv = (n: number, kernel: number, stride: number, padding: number): number =>
    Math.floor((n + 2 * padding - kernel) / stride) + 1;
  const sizes: [number, number][] = [];
  let [h, w] = imageSize;
  for (let stage = 0; stage < numStages; stage++) {
    [h, w] =
      stage === 0 ? [conv(h, 7, 4, 3), conv(w, 7, 4, 3)] : [conv(h, 3, 2, 1), conv(w, 3, 2, 1)];
    sizes.push([h, w]);
  }
  return sizes;
}
