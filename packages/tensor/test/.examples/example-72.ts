// from src/ops/conv.ts:60
import { convGeometry } from '@tensorgrad/tensor';
const g = convGeometry([1, 3, 8, 8], [3, 3], { padding: 1, stride: 2 });
if (g.outH !== 4 || g.outW !== 4) throw new Error('convGeometry');
export {};
