// from docs/guides/einops.md:11
import { randn } from '@tensorgrad/autograd';
import { rearrange, reduce, repeat, einsum } from '@tensorgrad/nn';

const images = randn([8, 3, 32, 32]);
// split into 8x8 patches and flatten each: the ViT patch embedding's first step
const patches = rearrange(images, 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: 8, p2: 8 });
console.log(patches.shape); // [8, 16, 192]

const pooled = reduce(images, 'b c h w -> b c', 'mean');            // global average pool
const tiled = repeat(randn([1, 1, 16]), '1 n d -> b n d', { b: 8 }); // a CLS token per image
const q = randn([2, 4, 5, 8]);
const k = randn([2, 4, 6, 8]);
const dots = einsum(q, k, 'b h i d, b h j d -> b h i j');
console.log(pooled.shape, tiled.shape, dots.shape); // [8, 3] [8, 1, 16] [2, 4, 5, 6]
export {};
