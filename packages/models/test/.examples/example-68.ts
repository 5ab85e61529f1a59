// from src/scalable-vit/per-stage.ts:35
checkInteger('dim', 16, 1); // 16
checkInteger('heads', 0, 1, 1); // throws: ScalableViT: heads of stage 1 must be an integer >= 1, got 0
export {};
