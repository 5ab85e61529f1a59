// from src/memformer.ts:147
memoryUpdateMask(1, 2, 2, tensor([[true, false]])).toArray();
// [[[true, false, true, false], [false, true, true, false]]]
export {};
