// from src/memformer.ts:174
const model = new Memformer({
  dim: 32, numMemorySlots: 4, encNumTokens: 50, encDepth: 1, encHeads: 4, encMaxSeqLen: 16,
  decNumTokens: 50, decDepth: 1, decHeads: 4, decMaxSeqLen: 16,
});
const src = tensor([[1, 2, 3, 4]], { dtype: 'int32' });
const tgt = tensor([[5, 6, 7]], { dtype: 'int32' });
const seg1 = model.forward(src, { tgt });
const seg2 = model.forward(src, { tgt, mems: seg1.mem });
seg2.mem.shape; // [1, 4, 32]
export {};
