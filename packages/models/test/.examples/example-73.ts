// from src/scalable-vit.ts:224
model.stages().map(([t]) => t.norm.constructor.name); // ['ChanLayerNorm', 'Identity']
export {};
