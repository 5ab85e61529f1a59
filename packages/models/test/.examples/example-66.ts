// from src/scalable-vit/peg.ts:14
const peg = new PEG(16);
peg.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
export {};
