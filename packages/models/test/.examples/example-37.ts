// from src/memformer/transformer.ts:167
const net = new TransformerWrapper({ numTokens: 50, maxSeqLen: 16, dim: 32, layerBlocks: new Decoder(32, 1, 4) });
net.forward(tensor([[1, 2, 3]], { dtype: 'int32' }), { context: randn([1, 4, 32]) }).shape; // [1, 3, 50]
export {};
