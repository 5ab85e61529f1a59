#!/usr/bin/env node
// Generates the pictures the guides show (run by `npm run docs` after the packages are built):
// docs/guides/media/autograd-graph.svg is drawn by @tensorgrad/autograd's own toSvg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tensor, toSvg } from '@tensorgrad/autograd';

const w = tensor(
  [
    [1, 2],
    [3, 4],
  ],
  { requiresGrad: true },
);
w.name = 'w';
const x = tensor([1, 1]);
const h = w.matmul(x);
const y = h.mul(h).sum();

const dir = new URL('../docs/guides/media/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('autograd-graph.svg', dir), toSvg(y));
console.log('wrote docs/guides/media/autograd-graph.svg');
