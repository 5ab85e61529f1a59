// from src/functional/conv2d.ts:49
import { randn } from '@tensorgrad/autograd';
import { conv2d } from '@tensorgrad/nn';
const x = randn([2, 4, 8, 8]);
const y = conv2d(x, randn([6, 4, 3, 3]), randn([6]), { stride: 2, padding: 1 });
if (y.shape.join() !== '2,6,4,4') throw new Error(`shape ${y.shape}`);
const depthwise = conv2d(x, randn([4, 1, 3, 3]), null, { padding: 'same', groups: 4 });
if (depthwise.shape.join() !== '2,4,8,8') throw new Error(`shape ${depthwise.shape}`);
export {};
