// from src/memformer/relative-position-bias.ts:41
relativePositionBucket(-20, false); // 17 (a key 20 positions before the query)
relativePositionBucket(5, false);   // 0  (every later key shares bucket 0)
relativePositionBucket(-32, true);  // 12 (decoder, past key)
relativePositionBucket(32, true);   // 28 (decoder, future key: 16 + 12)
export {};
