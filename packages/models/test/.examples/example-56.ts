// from src/parity/hooks.ts:12
const outs = recordOutputs(vit.transformer);
vit.forward(img);
outs[0].shape; // [b, 1 + patches, dim]
export {};
