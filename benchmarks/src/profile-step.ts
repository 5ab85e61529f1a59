/**
 * Runs the tiny-ViT training step (or inference) of tensorgrad alone, for profiling:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof benchmarks/dist/profile-step.js [steps] [infer]
 *
 * then `node benchmarks/dist/profile-summary.js /tmp/prof/<file>.cpuprofile` lists the top
 * self-time functions.
 */
import { tensorgradTinyVit, tinyVitData } from './tiny-vit.js';

const steps = Number(process.argv[2] ?? 30);
const infer = process.argv[3] === 'infer';
const impl = tensorgradTinyVit(tinyVitData());
for (let i = 0; i < 3; i++) void (infer ? impl.infer() : impl.step());
const start = performance.now();
for (let i = 0; i < steps; i++) void (infer ? impl.infer() : impl.step());
console.log(
  `${infer ? 'inference' : 'training step'}: ${((performance.now() - start) / steps).toFixed(1)} ms per step (mean of ${steps})`,
);
