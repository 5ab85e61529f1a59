// from src/functional/reduction.ts:6
import { tensor } from '@tensorgrad/autograd';
import { mseLoss, type Reduction } from '@tensorgrad/nn';
const reduction: Reduction = 'sum';
if (mseLoss(tensor([1, 2]), tensor([0, 0]), { reduction }).item() !== 5) throw new Error('sum of squares');
export {};
