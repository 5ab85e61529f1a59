// from src/memory.ts:130
const before = memory().buffers; tidy(() => f()); expect(memory().buffers).toBe(before);
export {};
