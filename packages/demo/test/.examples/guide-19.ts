// from docs/guides/tensors.md:44
import { tensor } from '@tensorgrad/tensor';

const col = tensor([[1], [2], [3]]);     // [3, 1]
const row = tensor([10, 20]);            // [2]
console.log(col.add(row).toArray());     // [[11,21],[12,22],[13,23]]
try {
  tensor([1, 2, 3]).add(tensor([1, 2]));
} catch (e) {
  console.log((e as Error).message);     // add: shapes [3] and [2] cannot be broadcast
}
export {};
