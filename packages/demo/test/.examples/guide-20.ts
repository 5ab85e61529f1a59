// from docs/guides/tensors.md:64
import { tensor } from '@tensorgrad/tensor';

const i = tensor([1, 2, 3], { dtype: 'int32' });
console.log(i.add(1).dtype, i.div(2).dtype, i.gt(1).dtype); // int32 float32 bool
export {};
