// from docs/guides/tensors.md:11
import { arange } from '@tensorgrad/tensor';

const x = arange(12).reshape(3, 4);
console.log(x.shape, x.strides); // [3, 4] [4, 1]
const t = x.transpose(0, 1);     // no copy: same storage, strides swapped
console.log(t.shape, t.strides, t.isContiguous()); // [4, 3] [1, 4] false
if (t.toArray()[1]![2] !== 9) throw new Error('t[1][2] is x[2][1]');
export {};
