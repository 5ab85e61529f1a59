// from docs/guides/tensors.md:78
import { memory, randn, tidy } from '@tensorgrad/tensor';

const before = memory().buffers;
const total = tidy(() => randn([100, 100]).matmul(randn([100, 100])).sum().item());
if (memory().buffers !== before) throw new Error('tidy freed every temporary');
console.log(typeof total); // number
export {};
