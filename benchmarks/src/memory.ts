/**
 * Peak memory of the tiny-ViT training step per framework. Each framework runs in a child
 * process of its own (`cli.js --memory-probe <name>`), since a process's peak RSS cannot be
 * split between frameworks sharing it.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as ag from '@tensorgrad/autograd';
import { tf } from './peers.js';
import { tinyVitData, tinyVitImpl } from './tiny-vit.js';

export interface MemoryProbe {
  name: string;
  /** RSS before the first step (libraries loaded, model built), MB. */
  baselineMB: number;
  /** Peak RSS during the steps, MB. */
  peakMB: number;
  /** Bytes of tensors the framework itself counts as live after a step (tfjs: tf.memory(); tensorgrad: memory()). */
  liveTensorMB?: number;
}

const MB = 1024 * 1024;

/** Runs in the child: `steps` training steps of `name`, then prints one JSON line. */
export async function memoryProbe(name: string, steps: number): Promise<void> {
  const impl = await tinyVitImpl(name, tinyVitData());
  const baseline = process.memoryUsage().rss;
  for (let i = 0; i < steps; i++) impl.step();
  const peak = process.resourceUsage().maxRSS * 1024;
  const live = name.startsWith('tfjs')
    ? tf.memory().numBytes
    : name === 'tensorgrad'
      ? ag.memory().bytes
      : undefined;
  const probe: MemoryProbe = {
    name,
    baselineMB: +(baseline / MB).toFixed(1),
    peakMB: +(peak / MB).toFixed(1),
    liveTensorMB: live === undefined ? undefined : +(live / MB).toFixed(2),
  };
  process.stdout.write(JSON.stringify(probe) + '\n');
}

/** Spawns one probe per framework. */
export function measureMemory(names: readonly string[], steps: number): MemoryProbe[] {
  const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
  return names.map((name) => {
    const out = execFileSync(
      process.execPath,
      [cli, '--memory-probe', name, '--steps', String(name === 'js-pytorch' ? 2 : steps)],
      {
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as MemoryProbe;
  });
}
