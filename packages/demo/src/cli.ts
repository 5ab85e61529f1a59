#!/usr/bin/env node
/**
 * `npm run demo`: the main job. Trains a model from @tensorgrad/models on data drawn in code,
 * evaluates it on held-out data, and writes a checkpoint and a plot.
 */
import { parseArgs } from 'node:util';
import { backendInfo, setBackend } from '@tensorgrad/autograd';
import { runImageDemo } from './train-images.js';
import { runMemformerDemo } from './train-memformer.js';

const HELP = `Usage: npm run demo -- [options]

Trains a small model on procedurally generated data and reports held-out accuracy.

Options:
  --model <name>     vit (default) | crossvit | ats | memformer
  --steps <n>        training steps (default: 300 for image models, 250 for memformer)
  --batch <n>        batch size (default 32)
  --lr <x>           peak learning rate (default 3e-3 for image models, 1e-3 for memformer)
  --backend <name>   cpu (default in Node) | gpu
  --seed <n>         seed for data, initialisation and sampling (default 0)
  --out <dir>        where the checkpoint and the plots go (default demo-out)
  --eval <n>         held-out examples (default 600)
  -h, --help         show this help
`;

function main(): number {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'vit' },
      steps: { type: 'string' },
      batch: { type: 'string', default: '32' },
      lr: { type: 'string' },
      backend: { type: 'string' },
      seed: { type: 'string', default: '0' },
      out: { type: 'string', default: 'demo-out' },
      eval: { type: 'string', default: '600' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const int = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name}: expected a non-negative integer, got "${v}"`);
    return n;
  };
  const positive = (name: string, v: string) => {
    const x = Number(v);
    if (!(x > 0) || !Number.isFinite(x))
      throw new Error(`--${name}: expected a positive number, got "${v}"`);
    return x;
  };
  if (values.backend) setBackend(values.backend as 'cpu' | 'gpu');
  const info = backendInfo();
  const log = (line: string) => console.log(line);
  log(
    `tensorgrad demo — backend ${info.name}${info.mode ? ` (${info.mode})` : ''}: ${info.reason}`,
  );
  const model = values.model;
  const common = {
    batchSize: int('batch', values.batch),
    lr:
      values.lr === undefined
        ? values.model === 'memformer'
          ? 1e-3
          : 3e-3
        : positive('lr', values.lr),
    seed: int('seed', values.seed),
    out: values.out,
    evalImages: int('eval', values.eval),
    log,
  };
  if (model === 'vit' || model === 'crossvit' || model === 'ats') {
    const r = runImageDemo({
      ...common,
      model,
      steps: values.steps ? int('steps', values.steps) : 300,
    });
    log(
      `held-out accuracy: ${(100 * r.accuracy).toFixed(1)}% (chance ${(100 / 6).toFixed(1)}%) after ${r.seconds.toFixed(1)} s of training`,
    );
    for (const f of r.files) log(`wrote ${f}`);
    return 0;
  }
  if (model === 'memformer') {
    const r = runMemformerDemo({
      ...common,
      steps: values.steps ? int('steps', values.steps) : 250,
    });
    log(
      `recall accuracy with memory: ${(100 * r.withMemory).toFixed(1)}%, without memory: ${(100 * r.withoutMemory).toFixed(1)}% (chance ${(100 * r.chance).toFixed(1)}%)`,
    );
    for (const f of r.files) log(`wrote ${f}`);
    return 0;
  }
  throw new Error(`--model: expected vit, crossvit, ats or memformer, got "${model}"`);
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`demo: ${(e as Error).message}`);
  process.exitCode = 2;
}
