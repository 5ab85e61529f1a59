/** Markdown and JSON output of the results. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { RowResult, Timing } from './harness.js';

export const COLUMNS = ['tensorgrad', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch'] as const;

/** The machine, as it matters for the figures. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  date: string;
  wasm?: string;
}

export function machineInfo(wasm?: string): MachineInfo {
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

export function markdownTable(rows: readonly RowResult[]): string {
  const peers = COLUMNS.filter(
    (c) => c !== 'tensorgrad' && rows.some((r) => r.timings.some((t) => t.name === c)),
  );
  const head = ['row', 'tensorgrad', ...peers, ...peers.map((p) => `tg / ${p}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const timing = (name: string) => row.timings.find((t) => t.name === name);
    const ratios = peers.map((p) => {
      const r = ratio(row, p);
      return r === undefined ? '—' : r.toFixed(r >= 10 ? 1 : 2);
    });
    lines.push(
      `| ${[row.name, cell(timing('tensorgrad'), row.rateUnit), ...peers.map((p) => cell(timing(p), row.rateUnit)), ...ratios].join(' | ')} |`,
    );
  }
  const notes = [...new Set(rows.flatMap((r) => r.notes))];
  if (notes.length > 0) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores (${m.platform}), Node ${m.node}; tfjs-wasm: ${m.wasm ?? '?'}; ${m.date}`;
}
