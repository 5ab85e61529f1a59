/** Parity driver of `ats-vit.ts` (`ats_vit_sample3`, `ats_vit_skip`). */
import type { Tensor } from '@tensorgrad/autograd';
import type { DriverOutputs, Driver } from '../driver.js';
import { expectModel, recordOutputs } from '../hooks.js';
import { ViT } from '../../ats-vit.js';
import type { ViTOptions } from '../../ats-vit.js';
import { sameShape, shapeString } from '@tensorgrad/tensor';

/**
 * `ATSViT`: sampling call i takes the fixture's `noise.gumbel.<i>` instead of random draws, then
 * `logits, token_ids = model(img, return_sampled_token_ids=True)`; each call's mask and ids are
 * `aux.ats<i>.mask` / `aux.ats<i>.sampled_ids`.
 */
export const atsVitDriver: Driver = {
  model: 'ATSViT',
  // The manifest's tsConfig is the constructor's options verbatim; the constructor validates it.
  build: (config) => new ViT(config as unknown as ViTOptions),
  run(model, data, parityCase) {
    const vit = expectModel('ATSViT', model, ViT);

    const noiseNames = data.names('noise.gumbel.');
    let calls = 0;
    vit.setGumbelSampler((shape) => {
      const name = `noise.gumbel.${calls++}`;
      if (!data.has(name)) {
        throw new Error(
          `${parityCase.name}: sampling call ${calls - 1} wants noise, the fixture has ${noiseNames.length} noise tensors`,
        );
      }
      const noise = data.get(name);
      if (!sameShape(noise.shape, shape)) {
        throw new Error(
          `${parityCase.name}: sampling call ${calls - 1} wants noise ${shapeString(shape)}, ${name} is ${shapeString(noise.shape)}`,
        );
      }
      return noise;
    });

    // One record per sampling call, across layers, in forward order (as the aux names count).
    const samples: [Tensor, Tensor, Tensor][] = [];
    for (const ats of vit.samplers()) recordOutputs(ats, samples);

    const [logits, tokenIds] = vit.forward(data.get('input.img'), { returnSampledTokenIds: true });
    if (calls !== noiseNames.length) {
      throw new Error(
        `${parityCase.name}: ${calls} sampling calls, but the fixture has ${noiseNames.length} noise tensors`,
      );
    }

    const outputs: DriverOutputs = { 'output.logits': logits, 'output.token_ids': tokenIds };
    samples.forEach(([, mask, sampledIds], i) => {
      outputs[`aux.ats${i}.sampled_ids`] = sampledIds;
      outputs[`aux.ats${i}.mask`] = mask;
    });
    return outputs;
  },
};
