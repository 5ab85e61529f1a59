// from docs/guides/tensors.md:28
import { arange } from '@tensorgrad/tensor';

const x = arange(12).reshape(3, 4);
const row = x.select(0, 1);              // x[1]
const everyOther = x.slice(1, 0, 4, 2);  // x[:, 0:4:2]
const last = x.index(':', -1);           // x[:, -1]
console.log(row.toArray(), everyOther.shape, last.toArray()); // [4,5,6,7] [3,2] [3,7,11]
export {};
