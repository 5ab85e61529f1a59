// from src/learnable-memory-vit.ts:76
unfreezeAllLayers(vit); // fine-tune the whole backbone
export {};
