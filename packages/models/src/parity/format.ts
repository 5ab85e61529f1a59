/**
 * Human-readable lines of a parity report: one per case, then the totals alone on a line.
 */
import type { CaseResult, ComparisonGroup, GroupSummary, ParityReport } from './runner.js';

function number(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x.toExponential(1);
}

function group(name: ComparisonGroup, g: GroupSummary): string {
  if (g.count === 0) return `${name} -`;
  const failed = g.failed > 0 ? ` (${g.failed}/${g.count} FAIL, worst ${g.worstTensor})` : '';
  // The share of the tolerance used by the worst element says more than `rel`, which tiny
  // reference values inflate.
  const used = Number.isFinite(g.worstRatio) ? `${Math.round(g.worstRatio * 100)}%` : 'inf';
  return `${name} abs ${number(g.maxAbs)} rel ${number(g.maxRel)} tol ${used}${failed}`;
}

/**
 * One line for one case: verdict, name, then per group the worst absolute and relative error and
 * the largest share of the allowed error (`atol + rtol * |expected|`) that any element used;
 * then seconds, and the problems that failed the case, if any.
 *
 * @example
 * ```ts
 * import { formatCase, runCase, type ParityCase } from '@tensorgrad/models/parity';
 * const parityCase = {
 *   name: 'no_driver', file: 'x.safetensors', model: 'NoSuchNetwork', lossValue: 0,
 *   atol: 1e-6, rtol: 1e-5, gradAtol: 1e-6, gradRtol: 1e-5,
 * } as unknown as ParityCase;
 * const line = formatCase(runCase('.', parityCase));
 * // A passing case reads e.g.
 * // 'PASS vit_basic   outputs abs 1.9e-7 rel 1.8e-6 tol 2% | aux - | grads abs 1.4e-6 rel 9.4e-3 tol 28% | 0.3 s'
 * if (!line.startsWith('FAIL no_driver') || !line.includes('no parity driver')) throw new Error(line);
 * ```
 */
export function formatCase(result: CaseResult): string {
  const verdict = result.passed ? 'PASS' : 'FAIL';
  const groups = (['outputs', 'aux', 'grads'] as const)
    .map((g) => group(g, result.groups[g]))
    .join(' | ');
  const problems = result.problems.length > 0 ? ` -- ${result.problems.join('; ')}` : '';
  return `${verdict} ${result.name.padEnd(26)} ${groups} | ${result.seconds.toFixed(1)} s${problems}`;
}

/**
 * Every case line, then `N passed, M failed` alone on the last line.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { formatReport, runParity } from '@tensorgrad/models/parity';
 * const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-parity-'));
 * const noDriver = { name: 'no_driver', file: 'x.safetensors', model: 'NoSuchNetwork', lossValue: 0, atol: 1e-6, rtol: 1e-5, gradAtol: 1e-6, gradRtol: 1e-5 };
 * writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ cases: [noDriver] }));
 * const lines = formatReport(runParity(dir));
 * if (lines.length !== 2 || lines.at(-1) !== '0 passed, 1 failed') throw new Error(lines.join('\n'));
 * ```
 */
export function formatReport(report: ParityReport): string[] {
  return [...report.results.map(formatCase), `${report.passed} passed, ${report.failed} failed`];
}
