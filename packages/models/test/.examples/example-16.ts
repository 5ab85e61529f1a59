// from src/learnable-memory-vit.ts:64
freezeAllLayers(vit); // only the adapter's own parameters will learn
export {};
