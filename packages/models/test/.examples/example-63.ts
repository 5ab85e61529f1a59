// from src/scalable-vit/downsample.ts:9
const down = new Downsample(16, 32);
down.forward(randn([2, 16, 8, 12])).shape; // [2, 32, 4, 6]
export {};
