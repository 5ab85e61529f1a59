// from src/memformer/transformer.ts:106
const dec = new Decoder(32, 2, 4);
dec.forward(randn([2, 5, 32]), { context: randn([2, 6, 32]) }).shape; // [2, 5, 32]
export {};
