// from src/parity/drivers/learnable-memory-vit.ts:32
registerDriver(adapterDriver);
export {};
