/**
 * Parity drivers of `learnable-memory-vit.ts`: the plain {@link ViT} (`vit_basic`) and the
 * {@link Adapter} around a frozen ViT (`adapter_basic`).
 */
import type { Driver } from '../driver.js';
import { expectModel, recordOutputs } from '../hooks.js';
import { Adapter, ViT } from '../../learnable-memory-vit.js';
import type { AdapterOptions, ViTOptions } from '../../learnable-memory-vit.js';

/** `ViT`: `logits = model(img)`. */
export const vitDriver: Driver = {
  model: 'ViT',
  // The manifest's tsConfig is the constructor's options verbatim; the constructor validates it.
  build: (config) => new ViT(config as unknown as ViTOptions),
  run(model, data) {
    const vit = expectModel('ViT', model, ViT);
    return { 'output.logits': vit.forward(data.get('input.img')) };
  },
};

/**
 * `Adapter`: `logits = model(img)`, then `vit_logits = model.vit(img)`; the two transformer
 * outputs are `aux.transformer_out` and `aux.vit_transformer_out`.
 */
export const adapterDriver: Driver = {
  model: 'Adapter',
  build(config) {
    const { vit, ...rest } = config as unknown as Omit<AdapterOptions, 'vit'> & { vit: ViTOptions };
    return new Adapter({ ...rest, vit: new ViT(vit) });
  },
  run(model, data) {
    const adapter = expectModel('Adapter', model, Adapter);
    const transformerOutputs = recordOutputs(adapter.vit.transformer);
    const img = data.get('input.img');
    const logits = adapter.forward(img);
    const vitLogits = adapter.vit.forward(img);
    const [transformerOut, vitTransformerOut] = transformerOutputs;
    if (transformerOut === undefined || vitTransformerOut === undefined) {
      throw new Error('Adapter driver: the transformer ran fewer than twice');
    }
    return {
      'output.logits': logits,
      'output.vit_logits': vitLogits,
      'aux.transformer_out': transformerOut,
      'aux.vit_transformer_out': vitTransformerOut,
    };
  },
};
