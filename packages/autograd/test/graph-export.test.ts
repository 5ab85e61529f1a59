import { describe, expect, test } from 'vitest';
import { randn, tensor, toDot, toSvg } from '@tensorgrad/autograd';

describe('graph export', () => {
  test('toDot lists every op once, the leaves, and input -> consumer edges', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    w.name = 'w';
    const x = tensor([1, 1]);
    const h = w.matmul(x);
    const y = h.mul(h).sum(); // h feeds mul twice: one vertex, two edges
    const dot = toDot(y);
    expect(dot.match(/label="matmul/g)).toHaveLength(1);
    expect(dot).toContain('label="w [2, 2]"');
    // x needs no gradient, so the graph does not record it (backward never visits it)
    expect(dot).not.toContain('[2]"; shape=ellipse');
    expect(dot.match(/label="mul \[2\]"/g)).toHaveLength(1);
    const edges = dot.split('\n').filter((l) => l.includes('->'));
    // w->matmul, matmul->mul twice, mul->sum
    expect(edges).toHaveLength(4);
  });

  test('a tensor with no history is drawn as a single vertex', () => {
    const dot = toDot(randn([3]), { shapes: false });
    expect(dot.split('\n').filter((l) => l.includes('label='))).toHaveLength(1);
  });

  test('toSvg is a standalone picture with one box per vertex and one line per edge', () => {
    const x = randn([2, 3], { requiresGrad: true });
    const svg = toSvg(x.mul(2).tanh().sum());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    // vertices: x, constant 2 (if scalars are recorded as tensors) or not, mul, tanh, sum
    const boxes = (svg.match(/<rect x=/g) ?? []).length;
    const lines = (svg.match(/<line /g) ?? []).length;
    expect(boxes).toBeGreaterThanOrEqual(4);
    expect(lines).toBe(boxes - 1); // a tree: one edge fewer than vertices
  });

  test('deep graphs do not overflow the stack', () => {
    let y = randn([2], { requiresGrad: true });
    for (let i = 0; i < 20_000; i++) y = y.add(1);
    expect(toDot(y).length).toBeGreaterThan(0);
  });
});
