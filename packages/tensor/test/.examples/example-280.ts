// from src/tensor.ts:1062
import { tensor } from '@tensorgrad/tensor';
const y = tensor([0, 0]).logsumexp(0).item() as number;
if (Math.abs(y - Math.LN2) > 1e-6) throw new Error('logsumexp');
export {};
