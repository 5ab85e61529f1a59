// from docs/guides/modules.md:50
import { Linear } from '@tensorgrad/nn';

const a = new Linear(3, 2);
const b = new Linear(3, 2);
b.loadStateDict(a.stateDict());
try {
  new Linear(4, 2).loadStateDict(a.stateDict());
} catch (e) {
  console.log((e as Error).message.split('\n')[0]);
}
export {};
