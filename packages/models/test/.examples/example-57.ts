// from src/parity/hooks.ts:37
const vit = expectModel('ViT', model, ViT);
export {};
