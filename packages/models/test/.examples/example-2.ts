// from src/ats-vit.ts:129
const ats = new AdaptiveTokenSampling(8);
const attn = randn([2, 4, 17, 17]).softmax(-1); // [b, heads, 1 + tokens, 1 + tokens]
const v = randn([2, 4, 17, 8]);
const [newAttn, newMask, ids] = ats.forward(attn, v, ones([2, 17], { dtype: 'bool' }));
ids.shape; // [2, 1 + kept] with kept <= 8; newAttn: [2, 4, 1 + kept, 17]
export {};
