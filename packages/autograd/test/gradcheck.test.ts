/**
 * Every differentiable op passes a float64 gradcheck and gradgradcheck on every sample of the op
 * table, and every declared op has a sample.
 */
import { describe, expect, test } from 'vitest';
import {
  type Node,
  type Tensor,
  declaredOps,
  defineOp,
  fromRaw,
  gradcheck,
  gradgradcheck,
  memory,
  tidy,
} from '@tensorgrad/autograd';
import { COMPOSITES, OP_SAMPLES, type OpSample, Sampler } from './op-samples.js';

function label(sample: OpSample, i: number): string {
  return `${sample.name}${sample.note === undefined ? '' : ` (${sample.note})`} #${i}`;
}

/** The names of the ops recorded in the graph behind `t`. */
function recordedOps(t: Tensor): Set<string> {
  const names = new Set<string>();
  const stack: Node[] = t.gradFn === null ? [] : [t.gradFn];
  const seen = new Set<Node>(stack);
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    names.add(node.name);
    for (const input of node.inputs) {
      if (input.gradFn !== null && !seen.has(input.gradFn)) {
        seen.add(input.gradFn);
        stack.push(input.gradFn);
      }
    }
  }
  return names;
}

describe('gradcheck (float64 central differences) on every sample', () => {
  test.each(OP_SAMPLES.map((s, i) => [label(s, i), s] as const))('%s', (_label, sample) => {
    const before = memory().tensors;
    tidy(() => {
      const inputs = sample.inputs(new Sampler(7, 'float64'));
      const report = gradcheck(sample.fn, inputs, sample.options);
      expect(report.ok, report.message).toBe(true);
      // A sample that checks nothing would pass vacuously (the size-0 sample is the exception).
      if (inputs.every((x) => x.size > 0)) expect(report.checked).toBeGreaterThan(0);
    });
    expect(memory().tensors).toBe(before);
  });
});

describe('gradgradcheck (second derivatives, float64) on every sample', () => {
  test.each(OP_SAMPLES.map((s, i) => [label(s, i), s] as const))('%s', (_label, sample) => {
    const before = memory().tensors;
    tidy(() => {
      const inputs = sample.inputs(new Sampler(7, 'float64'));
      const report = gradgradcheck(sample.fn, inputs, sample.options);
      expect(report.ok, report.message).toBe(true);
      if (inputs.every((x) => x.size > 0)) expect(report.checked).toBeGreaterThan(0);
    });
    expect(memory().tensors).toBe(before);
  });
});

describe('the op table', () => {
  test('every declared differentiable op has a sample', () => {
    const sampled = new Set(OP_SAMPLES.map((s) => s.name));
    // Ops that tests declare on purpose (named `test.*`) are not part of the library.
    const missing = declaredOps().filter((name) => !name.startsWith('test.') && !sampled.has(name));
    expect(missing, `ops without a gradcheck sample: ${missing.join(', ')}`).toEqual([]);
  });

  test('every composite has a sample', () => {
    const sampled = new Set(OP_SAMPLES.map((s) => s.name));
    expect(COMPOSITES.filter((name) => !sampled.has(name))).toEqual([]);
  });

  test('each sample of a declared op really records that op', () => {
    const declared = new Set(declaredOps());
    for (const [i, sample] of OP_SAMPLES.entries()) {
      if (!declared.has(sample.name)) continue;
      tidy(() => {
        const inputs = sample
          .inputs(new Sampler(7, 'float64'))
          .map((x) => (x.dtype === 'float64' ? fromRawLeaf(x) : x));
        const out = sample.fn(...(inputs as Tensor[]));
        expect(recordedOps(out).has(sample.name), label(sample, i)).toBe(true);
      });
    }
  });

  test('gradcheck catches a wrong backward rule and names the worst element', () => {
    const wrongSquare = defineOp({
      name: 'test.wrongSquare',
      forward: ({ x }: { x: Tensor['value'] }) => x.square(),
      backward: { x: (g, { x }) => g.mul(x) }, // missing the factor 2
    });
    tidy(() => {
      const report = gradcheck(
        (x) => wrongSquare({ x }, undefined),
        [new Sampler(1, 'float64').values([1, 2, 3])],
      );
      expect(report.ok).toBe(false);
      expect(report.worst?.input).toBe(0);
      expect(report.worst?.index).toEqual([2]);
      // Both sides are gradients of the projection sum(out * r): their ratio is the rule's error.
      const worst = report.worst as { analytic: number; numeric: number };
      expect(worst.analytic / worst.numeric).toBeCloseTo(0.5, 4);
      expect(report.message).toMatch(/FAILED.*input 0 at \[2\]/);
    });
  });
});

function fromRawLeaf(x: Tensor['value']): Tensor {
  return fromRaw(x, true);
}
