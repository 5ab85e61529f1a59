// from docs/guides/autograd.md:17
class Value {
  grad = 0;
  constructor(
    public data: number,
    public inputs: Value[] = [],
    public backwardFn: (g: number) => number[] = () => [],
  ) {}
  mul(o: Value) {
    return new Value(this.data * o.data, [this, o], (g) => [g * o.data, g * this.data]);
  }
  add(o: Value) {
    return new Value(this.data + o.data, [this, o], (g) => [g, g]);
  }
  backward() {
    // Topological order: every value comes after everything it was made from.
    const order: Value[] = [];
    const seen = new Set<Value>();
    const visit = (v: Value) => {
      if (seen.has(v)) return;
      seen.add(v);
      v.inputs.forEach(visit);
      order.push(v);
    };
    visit(this);
    this.grad = 1;
    for (const v of order.reverse()) {
      v.backwardFn(v.grad).forEach((g, i) => (v.inputs[i]!.grad += g));
    }
  }
}

const a = new Value(2);
const b = new Value(3);
const y = a.mul(b).add(a); // y = a*b + a
y.backward();
console.log(a.grad, b.grad); // 4 2   (dy/da = b + 1, dy/db = a)
export {};
