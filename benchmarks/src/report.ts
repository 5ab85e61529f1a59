/** Markdown and JSON output of the results. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { backendInfo } from '@tensorgrad/autograd';
import type { RowResult, Timing } from './harness.js';

export const COLUMNS = ['tensorgrad', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'js-pytorch'] as const;

/** The machine, as it matters for the figures. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
  wasm?: string;
  /** tensorgrad's cpu backend: threads and WebAssembly SIMD. */
  tensorgrad?: string;
}

export function machineInfo(wasm?: string): MachineInfo {
  const cpu0 = backendInfo();
  const tensorgrad =
    cpu0.name === 'cpu'
      ? `cpu backend on ${cpu0.threads ?? 1} thread(s), WebAssembly SIMD ${cpu0.simd === true ? 'on' : 'off'}`
      : undefined;
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    cpu,
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
    wasm,
    tensorgrad,
  };
}

const ms = (t: number) => (t >= 100 ? t.toFixed(0) : t >= 10 ? t.toFixed(1) : t.toFixed(2));

function cell(t: Timing | undefined, unit?: string): string {
  if (!t) return '—';
  const rate =
    t.rate !== undefined && unit ? ` · **${t.rate.toFixed(t.rate >= 10 ? 1 : 2)}** ${unit}` : '';
  const memory = t.extra?.peakMB !== undefined ? ` · ${t.extra.peakMB} MB` : '';
  return `${ms(t.medianMs)} ms (${ms(t.minMs)}–${ms(t.maxMs)}, n=${t.samples})${rate}${memory}`;
}

/** tensorgrad time / peer time (below 1: tensorgrad is faster). */
export function ratio(row: RowResult, peer: string): number | undefined {
  const mine = row.timings.find((t) => t.name === 'tensorgrad');
  const theirs = row.timings.find((t) => t.name === peer);
  return mine && theirs ? mine.medianMs / theirs.medianMs : undefined;
}

const fixed = (r: number) => r.toFixed(r >= 10 ? 1 : 2);

/** A row's identity across runs: families may share row names (`add` on the cpu and in a page). */
export function rowKey(row: Pick<RowResult, 'family' | 'name'>): string {
  return `${row.family}/${row.name}`;
}

/**
 * The rows as a table. With `before` (an earlier run's rows by {@link rowKey}, `--before`), a
 * column gives tensorgrad's earlier median, and each ratio cell reads `earlier → now`, both
 * measured against the peers of their own run.
 */
export function markdownTable(
  rows: readonly RowResult[],
  before?: ReadonlyMap<string, RowResult>,
): string {
  const peers = COLUMNS.filter(
    (c) => c !== 'tensorgrad' && rows.some((r) => r.timings.some((t) => t.name === c)),
  );
  const earlier = before !== undefined && rows.some((r) => before.has(rowKey(r)));
  const head = [
    'row',
    ...(earlier ? ['tensorgrad before'] : []),
    'tensorgrad',
    ...peers,
    ...peers.map((p) => (earlier ? `tg / ${p} (before → now)` : `tg / ${p}`)),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const timing = (name: string) => row.timings.find((t) => t.name === name);
    const then = before?.get(rowKey(row));
    const ratios = peers.map((p) => {
      const r = ratio(row, p);
      const now = r === undefined ? '—' : fixed(r);
      if (!earlier) return now;
      const old = then === undefined ? undefined : ratio(then, p);
      return `${old === undefined ? '—' : fixed(old)} → ${now}`;
    });
    const previous = then?.timings.find((t) => t.name === 'tensorgrad');
    lines.push(
      `| ${[row.name, ...(earlier ? [previous ? `${ms(previous.medianMs)} ms` : '—'] : []), cell(timing('tensorgrad'), row.rateUnit), ...peers.map((p) => cell(timing(p), row.rateUnit)), ...ratios].join(' | ')} |`,
    );
  }
  const notes = [...new Set(rows.flatMap((r) => r.notes))];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function machineLine(m: MachineInfo): string {
  const mine = m.tensorgrad === undefined ? '' : `tensorgrad: ${m.tensorgrad}; `;
  return `${m.cpu}, ${m.cores} cores (${m.platform}), Node ${m.node}; ${mine}tfjs-wasm: ${m.wasm ?? '?'}; ${m.date}`;
}
