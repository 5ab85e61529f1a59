// from src/functional/mse-loss.ts:9
import { tensor } from '@tensorgrad/autograd';
import { mseLoss, type MseLossOptions } from '@tensorgrad/nn';
const options: MseLossOptions = { reduction: 'none' };
if (mseLoss(tensor([1, 2]), tensor([1, 4]), options).toArray().join() !== '0,4') throw new Error('per element');
export {};
