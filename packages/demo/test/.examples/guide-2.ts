// from docs/guides/autograd.md:100
import { gradcheck, randn } from '@tensorgrad/autograd';

const x = randn([3, 4], { dtype: 'float64', requiresGrad: true });
const report = gradcheck((t) => t.tanh().mul(t).sum(), [x]);
if (!report.ok) throw new Error(report.message);
export {};
