// from docs/guides/pytorch-weights.md:20
import { LearnableMemoryViT } from '@tensorgrad/models';
import { Linear } from '@tensorgrad/nn';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// stands in for the file written by PyTorch
const path = join(mkdtempSync(join(tmpdir(), 'tg-')), 'layer.safetensors');
new Linear(4, 2).saveSafetensors(path);

const layer = new Linear(4, 2);
layer.loadSafetensors(path);          // strict: every key, shape and dtype must match

const vit = new LearnableMemoryViT({ imageSize: 32, patchSize: 8, numClasses: 10, dim: 32,
  depth: 2, heads: 4, dimHead: 8, mlpDim: 64 });
console.log(Object.keys(vit.stateDict()).slice(0, 3));
// ['pos_embedding', 'cls_token', 'to_patch_embedding.1.weight']
export {};
