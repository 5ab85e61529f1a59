// from src/ats-vit.ts:344
const t = new Transformer(32, 2, [32, 8], 4, 8, 64);
const [x, tokenIds] = t.forward(randn([2, 65, 32])); // x [2, <= 9, 32]
export {};
