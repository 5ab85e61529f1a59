/**
 * ScalableViT's per-stage hyperparameters: each may be given once for every stage or as one
 * value per stage (the reference's `cast_tuple`), and is checked here, at construction.
 */

/** A hyperparameter shared by every stage (`T`) or given per stage (`T[]`, one entry each). */
export type PerStage<T> = T | readonly T[];

/** One value per stage (Python: `cast_tuple(val, length)` then its length assertion). */
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

/** Throws unless `value` is an integer >= `min`, naming the option (and the stage, if any). */
export function checkInteger(name: string, value: unknown, min: number, stage?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const where = stage === undefined ? name : `${name} of stage ${stage}`;
    throw new Error(`ScalableViT: ${where} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * The `[height, width]` of each stage's feature map for an image of `imageSize`: the patch
 * convolution (kernel 7, stride 4, padding 3), then a `Downsample` (kernel 3, stride 2,
 * padding 1) before each later stage; convolutions floor, as in PyTorch.
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
