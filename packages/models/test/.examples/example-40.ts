// from src/memformer.ts:335
const out = model.generate(src, tensor([[1]], { dtype: 'int32' }), 8, { temperature: 0.8, generator: new Generator(0) });
out.shape; // [1, 8]
export {};
