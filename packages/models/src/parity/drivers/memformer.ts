/**
 * Parity driver for `Memformer` (cases `memformer_basic`, `memformer_masked`,
 * `memformer_encoder_only`): two segments, the memory of segment 1 feeding segment 2 without
 * a detach, so that `grad.output.seg1.mem` is the gradient reaching segment 1's memory.
 */
import { noGrad, type Tensor } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import { Memformer, type MemformerOptions } from '../../memformer.js';
import type { CaseData, Driver, DriverOutputs } from '../driver.js';
import type { JsonConfig } from '../manifest.js';

/** The segments of a case, in call order. */
const SEGMENTS = ['seg1', 'seg2'] as const;

/**
 * Replays `seg1 = model(src, tgt, ...)`, `seg2 = model(src, tgt, mems=seg1.mem, ...)`; inputs a
 * case lacks are not passed, as in the reference's call. `aux.seg<s>.dec_logits` is recomputed
 * outside the graph, calling the decoder as the wrapper does (`tgt[:, :-1]`, masks swapped).
 */
function run(model: Module, data: CaseData): DriverOutputs {
  if (!(model instanceof Memformer))
    throw new Error('memformer driver: the model is not a Memformer');
  const outputs: DriverOutputs = {};
  let mems: Tensor | undefined;
  for (const seg of SEGMENTS) {
    const input = (name: string): Tensor | undefined =>
      data.has(`input.${seg}.${name}`) ? data.get(`input.${seg}.${name}`) : undefined;
    const src = input('src');
    if (src === undefined) throw new Error(`memformer driver: the case has no input.${seg}.src`);
    const tgt = input('tgt');
    const srcMask = input('src_mask');
    const tgtMask = input('tgt_mask');

    const results = model.forward(src, { tgt, mems, srcMask, tgtMask });
    outputs[`output.${seg}.enc_out`] = results.encOut;
    outputs[`output.${seg}.mem`] = results.mem;
    if (results.decOut !== undefined && tgt !== undefined)
      outputs[`output.${seg}.dec_out`] = results.decOut;

    const decoder = model.decoder;
    if (decoder !== null && tgt !== undefined) {
      const trimmedMask = tgtMask?.slice(1, 0, -1);
      outputs[`aux.${seg}.dec_logits`] = noGrad(() =>
        decoder.forward(tgt.slice(1, 0, -1), {
          context: results.encOut,
          srcMask: trimmedMask,
          tgtMask: srcMask,
        }),
      );
    }
    mems = results.mem;
  }
  return outputs;
}

/** The `Memformer` parity driver. */
export const memformerDriver: Driver = {
  model: 'Memformer',
  build(config: JsonConfig): Module {
    // The Memformer constructor checks every option and names the one that is wrong.
    const model = new Memformer(config as unknown as MemformerOptions);
    model.eval();
    return model;
  },
  run,
};
