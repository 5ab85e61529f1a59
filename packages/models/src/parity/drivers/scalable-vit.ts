/** Parity driver of `scalable-vit.ts` (`scalable_vit_window_none`, `scalable_vit_rect`). */
import type { Tensor } from '@tensorgrad/autograd';
import type { Driver, DriverOutputs } from '../driver.js';
import { expectModel, recordOutputs } from '../hooks.js';
import { ScalableViT, type ScalableViTOptions } from '../../scalable-vit.js';

/**
 * `ScalableViT`: `logits = model(img)`; each stage's `Transformer` output is `aux.stage<i>_out`,
 * as the reference's forward hooks captured it.
 */
export const scalableVitDriver: Driver = {
  model: 'ScalableViT',
  build(config) {
    // The manifest's tsConfig is the constructor's options verbatim; the constructor validates it.
    const model = new ScalableViT(config as unknown as ScalableViTOptions);
    model.eval();
    return model;
  },
  run(model, data) {
    const vit = expectModel('ScalableViT', model, ScalableViT);
    const stageOutputs = vit.stages().map(([transformer]) => recordOutputs(transformer));

    const outputs: DriverOutputs = { 'output.logits': vit.forward(data.get('input.img')) };
    stageOutputs.forEach((recorded: Tensor[], i) => {
      const [out] = recorded;
      if (out !== undefined) outputs[`aux.stage${i}_out`] = out;
    });
    return outputs;
  },
};
