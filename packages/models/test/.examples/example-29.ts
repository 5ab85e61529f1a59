// from src/memformer/mrbp.ts:54
model.zeroGrad();
const loss = memoryReplayBackprop(model, [{ src: s1, tgt: t1 }, { src: s2, tgt: t2 }, { src: s3, tgt: t3 }]);
optimizer.step();
export {};
