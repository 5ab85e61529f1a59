/**
 * Drawing the autograd graph: the ops that produced a tensor, as Graphviz DOT text or as a
 * self-contained SVG picture. Learners call these to see what `backward()` will walk.
 *
 * The graph is read, never changed: nodes are the `gradFn`s reachable from the tensor, plus the
 * leaf tensors that feed them; an edge points from an input to the op that consumed it.
 */
import { shapeString } from '@tensorgrad/tensor';
import type { Tensor } from './tensor.js';
import type { Node } from './node.js';

/** One vertex of the drawn graph. */
interface Vertex {
  readonly id: string;
  readonly label: string;
  readonly kind: 'op' | 'leaf' | 'constant';
}

/** The drawn graph: vertices and input → consumer edges. */
interface DrawnGraph {
  readonly vertices: Vertex[];
  readonly edges: [string, string][];
  readonly rootId: string;
}

/**
 * Options of {@link toDot} and {@link toSvg}.
 * @example
 * ```ts
 * import { type GraphExportOptions, tensor, toDot } from '@tensorgrad/autograd';
 * const y = tensor([1, 2], { requiresGrad: true }).mul(2).sum();
 * const options: GraphExportOptions = { shapes: false };
 * if (toDot(y, options).includes('[2]')) throw new Error('GraphExportOptions: no shapes');
 * ```
 */
export interface GraphExportOptions {
  /** Show each tensor's shape (default true). */
  shapes?: boolean;
}

/** Walks the graph behind `root` without recursion (graphs can be 100k nodes deep). */
function collect(root: Tensor, { shapes = true }: GraphExportOptions): DrawnGraph {
  const vertices: Vertex[] = [];
  const edges: [string, string][] = [];
  const nodeIds = new Map<Node, string>();
  const leafIds = new Map<Tensor, string>();

  const leafId = (t: Tensor): string => {
    let id = leafIds.get(t);
    if (id === undefined) {
      id = `t${leafIds.size}`;
      leafIds.set(t, id);
      const name = t.name ?? (t.requiresGrad ? 'leaf' : 'constant');
      vertices.push({
        id,
        label: shapes ? `${name} ${shapeString(t.shape)}` : name,
        kind: t.requiresGrad ? 'leaf' : 'constant',
      });
    }
    return id;
  };

  if (root.gradFn === null) return { vertices, edges, rootId: leafId(root) };

  // Each op is labelled with the shape of the tensor it produced, known when first reached.
  const stack: Node[] = [];
  const nodeId = (node: Node, output: Tensor): string => {
    let id = nodeIds.get(node);
    if (id === undefined) {
      id = `n${nodeIds.size}`;
      nodeIds.set(node, id);
      vertices.push({
        id,
        label: shapes ? `${node.name} ${shapeString(output.shape)}` : node.name,
        kind: 'op',
      });
      stack.push(node);
    }
    return id;
  };
  const rootId = nodeId(root.gradFn, root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const consumer = nodeIds.get(node)!;
    for (const input of node.inputs) {
      const producer = input.gradFn === null ? leafId(input) : nodeId(input.gradFn, input);
      edges.push([producer, consumer]);
    }
  }
  return { vertices, edges, rootId };
}

const escapeDot = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * The graph behind `t` in Graphviz DOT: ops as boxes, leaves that require grad as green
 * ellipses, constants as grey ones. Render with `dot -Tsvg`, or use {@link toSvg}.
 *
 * @example
 * ```ts
 * import { tensor, toDot } from '@tensorgrad/autograd';
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const dot = toDot(w.matmul(tensor([1, 1])).relu().sum());
 * if (!dot.includes('matmul')) throw new Error('the graph has a matmul node');
 * ```
 */
export function toDot(t: Tensor, options: GraphExportOptions = {}): string {
  const g = collect(t, options);
  const style = {
    op: 'shape=box, style="rounded,filled", fillcolor="#dbe8fb"',
    leaf: 'shape=ellipse, style=filled, fillcolor="#d6f0d6"',
    constant: 'shape=ellipse, style=filled, fillcolor="#eeeeee"',
  };
  const lines = [
    'digraph autograd {',
    '  rankdir=BT;',
    '  node [fontname="Helvetica", fontsize=11];',
  ];
  for (const v of g.vertices)
    lines.push(`  ${v.id} [label="${escapeDot(v.label)}", ${style[v.kind]}];`);
  for (const [from, to] of g.edges) lines.push(`  ${from} -> ${to};`);
  lines.push('}');
  return lines.join('\n');
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The graph behind `t` as a standalone SVG picture, laid out in layers: the output at the top,
 * each vertex one layer below its lowest consumer, so every edge points upwards — the way the
 * forward pass flows (backward walks the same edges downwards).
 *
 * @example
 * ```ts
 * import { randn, toSvg } from '@tensorgrad/autograd';
 * const x = randn([2, 3], { requiresGrad: true });
 * const svg = toSvg(x.mul(2).tanh().sum());
 * if (!svg.startsWith('<svg')) throw new Error('an svg document');
 * ```
 */
export function toSvg(t: Tensor, options: GraphExportOptions = {}): string {
  const g = collect(t, options);
  const consumers = new Map<string, string[]>();
  for (const [from, to] of g.edges) consumers.set(from, [...(consumers.get(from) ?? []), to]);

  // Layer = longest path to the root, found by relaxing edges in reverse discovery order
  // (discovery order is a valid topological order from the root downwards).
  const layer = new Map<string, number>([[g.rootId, 0]]);
  for (const v of g.vertices) {
    const above = consumers.get(v.id) ?? [];
    const depth = above.length === 0 ? 0 : Math.max(...above.map((c) => (layer.get(c) ?? 0) + 1));
    layer.set(v.id, Math.max(layer.get(v.id) ?? 0, depth));
  }
  const rows: Vertex[][] = [];
  for (const v of g.vertices) (rows[layer.get(v.id)!] ??= []).push(v);

  const charWidth = 7;
  const boxHeight = 26;
  const rowGap = 48;
  const colGap = 18;
  const widthOf = (v: Vertex) => v.label.length * charWidth + 20;
  const rowWidths = rows.map(
    (r) => r.reduce((w, v) => w + widthOf(v), 0) + colGap * (r.length - 1),
  );
  const width = Math.max(...rowWidths, 100) + 40;
  const height = rows.length * (boxHeight + rowGap) + 20;
  const at = new Map<string, { x: number; y: number; w: number }>();
  rows.forEach((row, i) => {
    let x = (width - rowWidths[i]!) / 2;
    for (const v of row) {
      at.set(v.id, { x, y: 20 + i * (boxHeight + rowGap), w: widthOf(v) });
      x += widthOf(v) + colGap;
    }
  });

  const fill = { op: '#dbe8fb', leaf: '#d6f0d6', constant: '#eeeeee' };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  // An input used twice by one op (h * h) gets two edges; spread them so both show.
  const seen = new Map<string, number>();
  for (const [from, to] of g.edges) {
    const a = at.get(from)!;
    const b = at.get(to)!;
    const k = seen.get(`${from}>${to}`) ?? 0;
    seen.set(`${from}>${to}`, k + 1);
    const dx = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2) * 10;
    parts.push(
      `<line x1="${a.x + a.w / 2 + dx}" y1="${a.y}" x2="${b.x + b.w / 2 + dx}" y2="${b.y + boxHeight}" stroke="#555" marker-end="url(#arrow)"/>`,
    );
  }
  for (const v of g.vertices) {
    const p = at.get(v.id)!;
    const rx = v.kind === 'op' ? 6 : boxHeight / 2;
    parts.push(
      `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${boxHeight}" rx="${rx}" fill="${fill[v.kind]}" stroke="#666"/>`,
      `<text x="${p.x + p.w / 2}" y="${p.y + boxHeight / 2 + 4}" text-anchor="middle">${escapeXml(v.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
