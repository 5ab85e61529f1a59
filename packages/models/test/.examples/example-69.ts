// from src/scalable-vit/per-stage.ts:54
featureMapSizes([32, 48], 2); // [[8, 12], [4, 6]]
export {};
