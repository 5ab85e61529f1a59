// from src/parity/drivers/learnable-memory-vit.ts:13
registerDriver(vitDriver);
export {};
