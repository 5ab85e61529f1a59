// from src/scalable-vit/per-stage.ts:14
castPerStage('heads', 2, 3); // [2, 2, 2]
castPerStage('heads', [1, 2], 2); // [1, 2]
castPerStage('heads', [1, 2], 3); // throws: heads has 2 entries, expected 3 (one per stage) ...
export {};
