/**
 * Memory-replay back-propagation (Memformer paper, §3.4; lucidrains/memformer `mrbp.py`):
 * gradients of a loss spread over many segments, equal to those of back-propagation through
 * time, while holding the activations of only one segment at a time.
 *
 * 1. A forward pass without gradient tracking runs the segments in order and keeps only the
 *    memory that enters each one (the replay buffer: `numSegments` small tensors).
 * 2. The segments are then replayed last to first. Each replay recomputes that segment's
 *    forward pass from its saved input memory (now a leaf requiring grad) and back-propagates
 *    its own loss plus `sum(memOut * memGrad)`, where `memGrad` is the gradient that the later
 *    segments sent back to this segment's output memory. The gradient arriving at the input
 *    memory leaf is handed on to the previous segment.
 *
 * Parameter gradients accumulate (`+=`) over the replays, exactly as one backward pass through
 * all segments would accumulate them.
 */
import { dispose, noGrad, tidy, type Tensor } from '@tensorgrad/autograd';
import type { Memformer, MemformerResults } from '../memformer.js';

/**
 * One segment of a long sequence.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Memformer, type MemformerSegment } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
 * const segment: MemformerSegment = {
 *   src: tensor([[1, 2, 3]], { dtype: 'int32' }), srcMask: tensor([[true, true, false]]),
 *   tgt: tensor([[4, 5]], { dtype: 'int32' }),
 * };
 * const results = model.forward(segment.src, { tgt: segment.tgt, srcMask: segment.srcMask });
 * if (results.decOut === undefined) throw new Error('a loss');
 * ```
 */
export interface MemformerSegment {
  /** Source tokens `[b, n]` (int32). */
  src: Tensor;
  /** Target tokens `[b, m]`; the segment's decoder loss enters the total when given. */
  tgt?: Tensor;
  /** `[b, n]` boolean padding mask of `src`. */
  srcMask?: Tensor;
  /** `[b, m]` boolean padding mask of `tgt`. */
  tgtMask?: Tensor;
}

/**
 * Options of {@link memoryReplayBackprop}.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Memformer, memoryReplayBackprop, type memformer } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encoderOnly: true, encHeads: 2, memUpdateAttnHeads: 2 });
 * const options: memformer.MemoryReplayOptions = { segmentLoss: (results) => results.mem.pow(2).mean() };
 * const src = tensor([[1, 2]], { dtype: 'int32' });
 * const loss = memoryReplayBackprop(model, [{ src }, { src }], options);
 * if (!(loss > 0) || model.memorySlots.grad === null) throw new Error('gradients reach the initial memory');
 * ```
 */
export interface MemoryReplayOptions {
  /**
   * An extra scalar loss computed from a segment's outputs (for instance on `encOut` or `mem`),
   * added to that segment's decoder loss. Return `undefined` for none.
   */
  segmentLoss?: (results: MemformerResults, segmentIndex: number) => Tensor | undefined;
}

/**
 * Back-propagates `sum over segments (decOut + segmentLoss)` through a chain of segments whose
 * memory feeds the next one, holding one segment's activations at a time. Gradients are
 * accumulated into the parameters' `.grad` (call `zeroGrad()` first, as for `backward()`).
 *
 * The reference splits one long `src` into `encMaxSeqLen` pieces and attaches `tgt` to the last
 * one; here the caller passes the segments, each with its own (optional) target.
 *
 * @param model - the Memformer.
 * @param segments - the segments, in order; all with the same batch size.
 * @param options - an optional extra loss per segment.
 * @returns the total loss (a number; no graph is kept).
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { SGD } from '@tensorgrad/nn';
 * import { Memformer, memoryReplayBackprop } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
 * const optimizer = new SGD(model.parameters(), { lr: 0.01 });
 * const segment = (a: number) => ({ src: tensor([[a, a + 1]], { dtype: 'int32' }), tgt: tensor([[a, a + 2]], { dtype: 'int32' }) });
 * model.zeroGrad();
 * const loss = memoryReplayBackprop(model, [segment(1), segment(3), segment(5)]);
 * optimizer.step();
 * if (!(loss > 0) || model.memorySlots.grad === null) throw new Error('gradients reach the initial memory');
 * ```
 */
export function memoryReplayBackprop(
  model: Memformer,
  segments: readonly MemformerSegment[],
  options: MemoryReplayOptions = {},
): number {
  if (segments.length === 0) throw new Error('memoryReplayBackprop: no segments given');
  const { segmentLoss } = options;
  const batch = segments[0]!.src.shape[0] as number;

  // Forward without gradients, keeping only the memory entering each segment; every other
  // tensor of this pass is freed when the tidy returns.
  const replayBuffer: Tensor[] = tidy(() =>
    noGrad(() => {
      const buffer = [model.getInitialMem(batch)];
      for (let i = 0; i < segments.length - 1; i++) {
        const { src, srcMask } = segments[i]!;
        buffer.push(model.forward(src, { srcMask, mems: buffer[i] }).mem);
      }
      return buffer;
    }),
  );

  // Replay last to first, passing the memory gradient back one segment at a time. Each replay
  // runs in its own tidy, so its activations are freed before the previous segment's replay.
  let memGrad: Tensor | null = null;
  let total = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    const step = tidy(() =>
      replaySegment(model, segments[i]!, i, replayBuffer[i]!, memGrad, batch, segmentLoss),
    );
    total += step.loss;
    // Leaf gradients outlive every tidy, so the one handed over is freed by hand once used.
    if (memGrad !== null) dispose(memGrad);
    memGrad = step.memGrad;
    dispose(replayBuffer[i]!);
  }
  return total;
}

/**
 * Replays segment `i` with a graph and back-propagates its own loss plus the gradient that
 * the later segments sent to its output memory.
 *
 * Segment 0 starts from a fresh `getInitialMem`, whose graph reaches `memorySlots`; later
 * segments start from their saved memory, as a leaf whose gradient is handed to segment `i - 1`.
 */
function replaySegment(
  model: Memformer,
  segment: MemformerSegment,
  i: number,
  savedMem: Tensor,
  memGrad: Tensor | null,
  batch: number,
  segmentLoss: MemoryReplayOptions['segmentLoss'],
): { loss: number; memGrad: Tensor | null } {
  const { src, tgt, srcMask, tgtMask } = segment;
  const mems = i === 0 ? model.getInitialMem(batch) : savedMem.detach().requiresGrad_();

  const results = model.forward(src, { tgt, srcMask, tgtMask, mems });
  let loss: Tensor | undefined = tgt !== undefined ? results.decOut : undefined;
  const extra = segmentLoss?.(results, i);
  if (extra !== undefined) loss = loss === undefined ? extra : loss.add(extra);

  // d(total)/d(memOut) = memGrad, so back-propagating sum(memOut * memGrad) delivers exactly
  // the later segments' contribution (memGrad is a constant: it carries no graph).
  const carried = memGrad === null ? undefined : results.mem.mul(memGrad).sum();
  const objective = loss === undefined ? carried : carried === undefined ? loss : loss.add(carried);
  objective?.backward();

  return {
    loss: loss === undefined ? 0 : (loss.item() as number),
    memGrad: i > 0 && objective !== undefined ? mems.grad : null,
  };
}
