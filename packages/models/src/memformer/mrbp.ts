/**
 * Memory-replay back-propagation (Memformer paper, §3.4; lucidrains/memformer `mrbp.py`): the
 * gradients of back-propagation through time over many segments, holding one segment's
 * activations at a time. A gradient-free pass keeps the memory entering each segment; the
 * segments are then replayed last to first, each back-propagating its own loss plus the
 * gradient the later segments sent to its output memory.
 */
import { dispose, noGrad, tidy, type Tensor } from '@tensorgrad/autograd';
import type { Memformer, MemformerResults } from '../memformer.js';

/** One segment of a long sequence: tokens `[b, n]` (int32) and their bool padding masks. */
export interface MemformerSegment {
  src: Tensor;
  /** The segment's decoder loss enters the total when a target is given. */
  tgt?: Tensor;
  srcMask?: Tensor;
  tgtMask?: Tensor;
}

/** Options of {@link memoryReplayBackprop}. */
export interface MemoryReplayOptions {
  /** An extra scalar loss from a segment's outputs (e.g. on `mem`), or `undefined` for none. */
  segmentLoss?: (results: MemformerResults, segmentIndex: number) => Tensor | undefined;
}

/**
 * Back-propagates `sum over segments (decOut + segmentLoss)` through segments whose memory feeds
 * the next, accumulating into `.grad`; returns the total loss. The reference splits one `src`
 * into `encMaxSeqLen` pieces with `tgt` on the last; here the caller passes the segments.
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { SGD } from '@tensorgrad/nn';
 * import { Memformer, memoryReplayBackprop } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
 * const optimizer = new SGD(model.parameters(), { lr: 0.01 });
 * const segment = (a: number) => ({ src: tensor([[a, a + 1]], { dtype: 'int32' }), tgt: tensor([[a, a + 2]], { dtype: 'int32' }) });
 * model.zeroGrad(); // gradients accumulate, as with backward()
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
 * Replays segment `i` with a graph. Segment 0 starts from a fresh `getInitialMem` (whose graph
 * reaches `memorySlots`); later ones from their saved memory, a leaf whose gradient goes back.
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
