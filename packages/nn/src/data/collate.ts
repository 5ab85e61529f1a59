/**
 * `defaultCollate`: how `DataLoader` turns a list of samples into one batch, following
 * PyTorch's `default_collate`.
 */
import { Tensor, stack, tensor, tidy } from '@tensorgrad/autograd';
import type { TypedArray } from '@tensorgrad/tensor';

/**
 * The batch `defaultCollate` makes from samples of type `T`: tensors, typed arrays, numbers and
 * booleans become one tensor; strings stay a list; arrays (tuples) and plain objects keep their
 * structure, each field collated.
 */
export type Collated<T> = T extends Tensor | TypedArray | number | boolean
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

type Kind = 'Tensor' | 'typed array' | 'number' | 'boolean' | 'string' | 'array' | 'object';

/** What a sample is, for collation; `undefined` when it cannot be batched. */
function kindOf(v: unknown): Kind | undefined {
  if (v instanceof Tensor) return 'Tensor';
  if (ArrayBuffer.isView(v)) return 'typed array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object' && v !== null) {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) return 'object';
  }
  return undefined;
}

/** `v` for an error message: its kind, or its type or class when it cannot be batched. */
function describe(v: unknown): string {
  const kind = kindOf(v);
  if (kind === 'object') return 'a plain object';
  if (kind === 'array') return 'an array';
  if (kind !== undefined) return `a ${kind}`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') {
    return `a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`;
  }
  return `a ${typeof v}`;
}

/** ` at [1].x` for a position inside a sample, `` for the sample itself. */
function at(path: string): string {
  return path === '' ? '' : ` at ${path}`;
}

/** 32-bit integers batch as int32; anything else (fractions, NaN, larger values) as float32. */
function isInt32(v: number): boolean {
  return (v | 0) === v;
}

function collate(samples: readonly unknown[], path: string): unknown {
  const first = samples[0];
  const kind = kindOf(first);
  if (kind === undefined) {
    throw new Error(
      `defaultCollate: cannot batch ${describe(first)}${at(path)}; samples may hold Tensors, typed arrays, numbers, booleans, strings, arrays and plain objects (pass a collateFn for anything else)`,
    );
  }
  samples.forEach((s, i) => {
    if (kindOf(s) !== kind) {
      throw new Error(
        `defaultCollate: sample ${i} has ${describe(s)}${at(path)}, expected ${describe(first)} as in sample 0`,
      );
    }
  });
  switch (kind) {
    case 'Tensor':
      return stack(samples as Tensor[], 0);
    case 'typed array':
      // numpy arrays in PyTorch: each becomes a tensor of its own dtype, then they are stacked.
      return stack(
        samples.map((s) => tensor(s as TypedArray)),
        0,
      );
    case 'number': {
      // Python tells `1` from `1.0`; JS cannot, so a batch of 32-bit integers is int32 (torch
      // gives int64) and any other batch float32 (torch: float64).
      const numbers = samples as number[];
      return tensor(numbers, { dtype: numbers.every(isInt32) ? 'int32' : 'float32' });
    }
    case 'boolean':
      return tensor(samples as boolean[]);
    case 'string':
      return [...(samples as string[])];
    case 'array': {
      const size = (first as unknown[]).length;
      samples.forEach((s, i) => {
        if ((s as unknown[]).length !== size) {
          throw new Error(
            `defaultCollate: each element in the batch should be of equal size, got length ${size} in sample 0 and length ${(s as unknown[]).length} in sample ${i}${at(path)}`,
          );
        }
      });
      return Array.from({ length: size }, (_, k) =>
        collate(
          samples.map((s) => (s as unknown[])[k]),
          `${path}[${k}]`,
        ),
      );
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(first as object)) {
        samples.forEach((s, i) => {
          if (!Object.hasOwn(s as object, key)) {
            throw new Error(
              `defaultCollate: sample ${i} has no key '${key}'${at(path)}, which sample 0 has`,
            );
          }
        });
        out[key] = collate(
          samples.map((s) => (s as Record<string, unknown>)[key]),
          `${path}.${key}`,
        );
      }
      return out;
    }
  }
}

/**
 * Merges samples into a batch as PyTorch's `default_collate` does: tensors are stacked along a
 * new dim 0; typed arrays become tensors of their dtype, stacked; numbers become one tensor
 * (int32 when every number of the batch is a 32-bit integer, else float32 — JS has no separate
 * int type, so store float targets as a tensor to be sure of their dtype); booleans a bool
 * tensor; strings stay a list; arrays (tuples) and plain objects are collated field by field,
 * keeping their structure. Intermediates are freed (it runs inside `tidy`).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { defaultCollate } from '@tensorgrad/nn';
 * const batch = defaultCollate([
 *   { image: tensor([1, 2]), label: 0 },
 *   { image: tensor([3, 4]), label: 2 },
 * ]);
 * if (batch.image.shape.join() !== '2,2' || batch.label.dtype !== 'int32')
 *   throw new Error('defaultCollate');
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (batch.length === 0) {
    throw new Error('defaultCollate: got an empty batch; expected at least one sample');
  }
  return tidy(() => collate(batch, '')) as Collated<T>;
}
