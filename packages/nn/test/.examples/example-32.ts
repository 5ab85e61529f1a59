// from src/functional/cross-entropy.ts:39
import { randn, tensor, zeros } from '@tensorgrad/autograd';
import { crossEntropy } from '@tensorgrad/nn';
const labels = tensor([0, 2], { dtype: 'int32' });
const uniform = crossEntropy(zeros([2, 3]), labels); // [N, C] and [N]
if (Math.abs(uniform.item() - Math.log(3)) > 1e-6) throw new Error('uniform logits give log C');
crossEntropy(randn([2, 3]), labels, { ignoreIndex: 0, labelSmoothing: 0.1 });
const tokenLogits = randn([2, 5, 7]); // [B, T, V]
const tokens = zeros([2, 5], { dtype: 'int32' });
const perToken = crossEntropy(tokenLogits.transpose(1, 2), tokens, { reduction: 'none' }); // [B, V, T] and [B, T]
if (perToken.shape.join() !== '2,5') throw new Error(`shape ${perToken.shape}`);
export {};
