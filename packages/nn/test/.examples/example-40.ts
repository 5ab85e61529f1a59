// from src/functional/nll-loss.ts:9
import { tensor } from '@tensorgrad/autograd';
import { nllLoss, type NllLossOptions } from '@tensorgrad/nn';
const options: NllLossOptions = { ignoreIndex: 1, reduction: 'sum' };
const logProbs = tensor([[-1, -2], [-3, -4]]);
const loss = nllLoss(logProbs, tensor([0, 1], { dtype: 'int32' }), options);
if (loss.item() !== 1) throw new Error('only the first target counts');
export {};
