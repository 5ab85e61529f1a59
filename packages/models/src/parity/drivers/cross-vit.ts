/**
 * Parity driver of `cross-vit.ts` (`cross_vit_basic`): `logits = model(img)`, with the two
 * branch heads' outputs as `aux.sm_logits` and `aux.lg_logits`.
 */
import type { Driver } from '../driver.js';
import { expectModel } from '../hooks.js';
import { CrossViT, type CrossViTOptions } from '../../cross-vit.js';

/** `CrossViT`: `logits = sm_mlp_head(sm_cls) + lg_mlp_head(lg_cls)`. */
export const crossVitDriver: Driver = {
  model: 'CrossViT',
  build: (config) => new CrossViT(config as unknown as CrossViTOptions),
  run(model, data) {
    const crossVit = expectModel('CrossViT', model, CrossViT);
    const { smLogits, lgLogits } = crossVit.branchLogits(data.get('input.img'));
    return {
      'output.logits': smLogits.add(lgLogits),
      'aux.sm_logits': smLogits,
      'aux.lg_logits': lgLogits,
    };
  },
};
