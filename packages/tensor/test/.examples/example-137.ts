// from src/random.ts:22
const g = new Generator(42);
rand([2], { generator: g });
export {};
