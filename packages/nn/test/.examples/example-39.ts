// from src/functional/mse-loss.ts:25
import { tensor } from '@tensorgrad/autograd';
import { mseLoss } from '@tensorgrad/nn';
const loss = mseLoss(tensor([1, 2]), tensor([1, 4]));
if (loss.item() !== 2) throw new Error(`mean of [0, 4] is ${loss.item()}`);
export {};
