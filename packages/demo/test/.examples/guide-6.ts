// from docs/guides/einops.md:33
import { zeros } from '@tensorgrad/autograd';
import { rearrange } from '@tensorgrad/nn';

try {
  rearrange(zeros([11]), '(a b) -> a b', { b: 2 });
} catch (e) {
  console.log((e as Error).message); // ... can't divide axis of length 11 in chunks of 2
}
export {};
