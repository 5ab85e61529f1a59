// from src/functional/cross-entropy.ts:10
import { randn, tensor } from '@tensorgrad/autograd';
import { crossEntropy, type CrossEntropyOptions } from '@tensorgrad/nn';
const options: CrossEntropyOptions = { weight: tensor([1, 2, 1]), reduction: 'sum', labelSmoothing: 0.1 };
const loss = crossEntropy(randn([4, 3]), tensor([0, 1, 2, 1], { dtype: 'int32' }), options);
if (loss.shape.length !== 0) throw new Error('a scalar');
export {};
