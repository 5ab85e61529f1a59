// from docs/guides/backends.md:24
import { backendInfo, setBackend } from '@tensorgrad/tensor';

console.log(backendInfo()); // { name: 'cpu', reason: '...' }
setBackend('cpu');
export {};
