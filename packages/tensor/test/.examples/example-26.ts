// from src/backend/registry.ts:195
import { gpuAvailability } from '@tensorgrad/tensor';
const { available, reason } = gpuAvailability();
if (typeof available !== 'boolean' || reason === '') throw new Error('gpuAvailability');
export {};
