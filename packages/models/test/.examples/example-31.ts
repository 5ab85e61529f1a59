// from src/memformer/relative-position-bias.ts:81
const bias = new RelativePositionBias({ heads: 4 });
bias.forward(6, 6).shape; // [1, 4, 6, 6]
export {};
