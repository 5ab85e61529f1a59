/**
 * `torch.nn.functional.pad` with its four modes. 'constant' is the declared op `pad`; 'reflect',
 * 'replicate' and 'circular' copy existing elements, so each is an index gather (indexSelect)
 * along every padded dim. Their gradients are indexSelect's rule: a scatter-add that sums the
 * gradient of every copy into the element it was copied from (the edge elements, for
 * 'replicate'), and its second derivative comes with it.
 */
import { shapeString } from '@tensorgrad/tensor';
import { tensor } from '../creation.js';
import { pad as constantPad } from '../ops/slicing.js';
import type { Tensor } from '../tensor.js';

/** How {@link pad} fills the new elements (`torch.nn.functional.pad`'s `mode`). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Every {@link PadMode}, in the order error messages list them. */
export const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * Pads `x` in torch.nn.functional.pad's order: `pads` lists (before, after) pairs starting from
 * the last dim. Negative pads crop. The checks are torch 1.13's, with two exceptions where
 * torch fails for want of a kernel rather than by design: every dtype can be padded in every
 * mode (torch has no integer reflect/replicate kernel), and 'circular' accepts an input without
 * its batch dim (torch 1.13 requires it; later versions do not).
 */
export function pad(
  x: Tensor,
  pads: readonly number[],
  mode: PadMode = 'constant',
  value = 0,
): Tensor {
  if (!PAD_MODES.includes(mode)) {
    throw new Error(
      `pad: unknown mode '${String(mode)}' (expected one of ${PAD_MODES.map((m) => `'${m}'`).join(', ')})`,
    );
  }
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim || !pads.every(Number.isInteger)) {
    throw new Error(
      `pad: got ${pads.length} padding amounts ${shapeString(pads)} for an input of shape ${shapeString(x.shape)}; ` +
        `expected integer (before, after) pairs, at most ${2 * x.ndim} amounts`,
    );
  }
  if (mode === 'constant') return constantPad({ x }, { pads, value });
  if (value !== 0) {
    throw new Error(
      `pad: mode '${mode}' copies elements of the input and takes no value (got ${value}); only mode 'constant' pads with a value`,
    );
  }
  const dims = pads.length / 2;
  if (dims < 1 || dims > 3 || x.ndim < dims + 1 || x.ndim > dims + 2) {
    throw new Error(
      `pad: mode '${mode}' pads the last 1, 2 or 3 dims of an input that has 1 or 2 dims before them ` +
        `(2 amounts: [C, W] or [N, C, W]; 4: [C, H, W] or [N, C, H, W]; 6: [C, D, H, W] or [N, C, D, H, W]); ` +
        `got ${pads.length} amounts for shape ${shapeString(x.shape)}`,
    );
  }
  let out = x;
  for (let k = 0; k < dims; k++) {
    const d = x.ndim - 1 - k;
    const before = pads[2 * k] as number;
    const after = pads[2 * k + 1] as number;
    const sources = sourceIndices(mode, x.shape, d, before, after);
    if (before === 0 && after === 0) continue;
    out = out.indexSelect(d, tensor(sources, { dtype: 'int32' }));
  }
  // Like torch, padding by nothing still returns a new tensor.
  return out === x ? x.view(x.shape) : out;
}

/**
 * For each position of dim `d` after padding it by (`before`, `after`), the position of the
 * input it copies; throws (torch's checks) when the mode cannot pad that dim so.
 */
function sourceIndices(
  mode: Exclude<PadMode, 'constant'>,
  shape: readonly number[],
  d: number,
  before: number,
  after: number,
): number[] {
  const n = shape[d] as number;
  const where = `dim ${d} of size ${n} (input shape ${shapeString(shape)})`;
  if (mode === 'circular') {
    // Crop first, then wrap around what is left (what torch 1.13 computes wherever its own
    // result is defined): padding can repeat the cropped dim at most once on each side.
    const start = Math.max(0, -before);
    const kept = n - start - Math.max(0, -after);
    if (kept < 0) {
      throw new Error(
        `pad: padding (${before}, ${after}) crops ${n - kept} elements from ${where}, more than it has`,
      );
    }
    if (Math.max(before, after) > kept) {
      throw new Error(
        `pad: mode 'circular' wraps around at most once, but padding (${before}, ${after}) of ${where} ` +
          `exceeds ${kept === n ? 'its size' : 'what cropping leaves of it'}, ${kept}`,
      );
    }
    const lead = Math.max(0, before);
    const length = kept + lead + Math.max(0, after);
    return Array.from({ length }, (_, o) => start + ((((o - lead) % kept) + kept) % kept));
  }
  if (n === 0) {
    throw new Error(
      `pad: mode '${mode}' copies the edge of each padded dim, but ${where} is empty`,
    );
  }
  if (mode === 'reflect' && (before >= n || after >= n)) {
    throw new Error(
      `pad: mode 'reflect' needs each padding of a dim to be less than its size, ` +
        `got padding (${before}, ${after}) for ${where}`,
    );
  }
  const length = n + before + after;
  if (length < 1) {
    throw new Error(
      `pad: padding (${before}, ${after}) leaves ${length} elements of ${where}; mode '${mode}' needs at least 1`,
    );
  }
  // Output position o reads input position p = o - before, brought back into [0, n): mirrored
  // about the edge element ('reflect'; one mirroring suffices since every pad is < n) or
  // clamped to it ('replicate').
  return Array.from({ length }, (_, o) => {
    const p = o - before;
    if (mode === 'replicate') return Math.min(Math.max(p, 0), n - 1);
    if (p < 0) return -p;
    return p > n - 1 ? 2 * (n - 1) - p : p;
  });
}
