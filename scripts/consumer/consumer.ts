// A strict TypeScript consumer of the public API, typechecked against the packed packages'
// declarations (skipLibCheck off, no @types/node): the types a user sees must be complete.
import {
  type BackendInfo,
  type BackendName,
  type DType,
  type Tensor,
  backendInfo,
  noGrad,
  provideGpuJs,
  randn,
  setBackend,
  tensor,
  zeros,
} from '@tensorgrad/autograd';
import { LearnableMemoryViT, Memformer, type MemformerOptions } from '@tensorgrad/models';
import { runParity } from '@tensorgrad/models/parity';
import { AdamW, F, Linear, type Module, Sequential, rearrange } from '@tensorgrad/nn';
import { type NDArray, arange } from '@tensorgrad/tensor';

const backend: BackendName = 'cpu';
setBackend(backend);
const info: BackendInfo = backendInfo();
const dtype: DType = zeros([2]).dtype;
const array: NDArray = arange(4); // the array layer under Tensor

const model = new Sequential(new Linear(4, 8), new Linear(8, 2));
const asModule: Module = model;
const opt = new AdamW(model.parameters(), { lr: 1e-3 });
const x: Tensor = randn([3, 4]);
const loss: Tensor = F.crossEntropy(model.forward(x), tensor([0, 1, 1], { dtype: 'int32' }));
loss.backward();
opt.step();
const value: number | boolean = loss.item();
const rows = noGrad(() => rearrange(x, 'b (h w) -> b h w', { h: 2 }).shape);

const vit = new LearnableMemoryViT({
  imageSize: 8,
  patchSize: 4,
  numClasses: 3,
  dim: 16,
  depth: 1,
  heads: 2,
  mlpDim: 32,
});
const options: Partial<MemformerOptions> = {};
const kinds: [typeof Memformer, typeof runParity, typeof provideGpuJs] = [
  Memformer,
  runParity,
  provideGpuJs,
];

export { info, dtype, array, asModule, value, rows, vit, options, kinds };
