// from src/ats-vit.ts:71
sampleGumbel([2, 8, 16], { generator: new Generator(0) }).shape; // [2, 8, 16]
export {};
