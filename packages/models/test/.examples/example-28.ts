// from src/memformer/autoregressive-wrapper.ts:57
const net = new TransformerWrapper({ numTokens: 50, maxSeqLen: 16, dim: 32, layerBlocks: new Decoder(32, 1, 4) });
const wrapper = new AutoregressiveWrapper(net);
const tokens = wrapper.generate(tensor([[1]], { dtype: 'int32' }), 5, { context: randn([1, 4, 32]) });
tokens.shape; // [1, 5]
export {};
