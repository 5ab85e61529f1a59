// from src/memformer/transformer.ts:48
const enc = new Encoder(32, 2, 4);
enc.forward(randn([2, 6, 32]), { context: randn([2, 4, 32]) }).shape; // [2, 6, 32]
export {};
