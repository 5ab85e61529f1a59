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
 * One line per case: verdict, name, per group the worst absolute and relative errors and the
 * largest share of `atol + rtol * |expected|` that any element used, seconds, and problems.
 */
export function formatCase(result: CaseResult): string {
  const verdict = result.passed ? 'PASS' : 'FAIL';
  const groups = (['outputs', 'aux', 'grads'] as const)
    .map((g) => group(g, result.groups[g]))
    .join(' | ');
  const problems = result.problems.length > 0 ? ` -- ${result.problems.join('; ')}` : '';
  return `${verdict} ${result.name.padEnd(26)} ${groups} | ${result.seconds.toFixed(1)} s${problems}`;
}

/** Every case line, then `N passed, M failed` alone on the last line. */
export function formatReport(report: ParityReport): string[] {
  return [...report.results.map(formatCase), `${report.passed} passed, ${report.failed} failed`];
}
