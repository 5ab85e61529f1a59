// from src/memory.ts:14
class Pair { constructor(a, b) {...} [heldTensors]() { return [this.a, this.b]; } }
export {};
