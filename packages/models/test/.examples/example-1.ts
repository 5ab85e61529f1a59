// from src/ats-vit.ts:89
batchedIndexSelect(randn([2, 5, 3]), tensor([[0, 4], [1, 1]], { dtype: 'int32' }), 1).shape; // [2, 2, 3]
export {};
