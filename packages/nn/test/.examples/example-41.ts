// from src/functional/nll-loss.ts:32
import { randn, tensor } from '@tensorgrad/autograd';
import { crossEntropy, logSoftmax, nllLoss } from '@tensorgrad/nn';
const logits = randn([3, 4]);
const labels = tensor([0, 3, 1], { dtype: 'int32' });
const loss = nllLoss(logSoftmax(logits, 1), labels);
if (Math.abs(loss.item() - crossEntropy(logits, labels).item()) > 1e-5) throw new Error('= crossEntropy');
export {};
