/**
 * ScalableViT's per-stage hyperparameters: each may be given once for every stage or as one
 * value per stage (the reference's `cast_tuple`), and is checked here, at construction.
 */

/**
 * A hyperparameter shared by every stage (`T`) or given per stage (`T[]`, one entry each).
 * @example
 * ```ts
 * import { scalableVit } from '@tensorgrad/models';
 * const shared: scalableVit.PerStage<number> = 2;
 * const perStage: scalableVit.PerStage<number> = [1, 2];
 * if (scalableVit.castPerStage('heads', shared, 2).join() !== scalableVit.castPerStage('heads', [2, 2], 2).join()) throw new Error('same');
 * if (scalableVit.castPerStage('heads', perStage, 2).join() !== '1,2') throw new Error('per stage');
 * ```
 */
export type PerStage<T> = T | readonly T[];

/**
 * One value per stage: `value` repeated `numStages` times, or the array itself when its length is
 * `numStages` (Python: `cast_tuple(val, length)` then the length assertion). Throws, naming the
 * option, for an array of any other length.
 *
 * @example
 * ```ts
 * import { scalableVit } from '@tensorgrad/models';
 * if (scalableVit.castPerStage('heads', 2, 3).join() !== '2,2,2') throw new Error('repeated');
 * if (scalableVit.castPerStage('heads', [1, 2], 2).join() !== '1,2') throw new Error('as given');
 * let error: unknown;
 * try { scalableVit.castPerStage('heads', [1, 2], 3); } catch (e) { error = e; }
 * const expected = 'ScalableViT: heads has 2 entries, expected 3 (one per stage, as depth has) or a single value';
 * if (!(error instanceof Error) || error.message !== expected) throw new Error('names the option');
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
 * For example:
 *
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
 * import { scalableVit } from '@tensorgrad/models';
 * if (JSON.stringify(scalableVit.featureMapSizes([32, 48], 2)) !== '[[8,12],[4,6]]') throw new Error('sizes');
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
