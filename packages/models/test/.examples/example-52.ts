// from src/parity/drivers/scalable-vit.ts:14
registerDriver(scalableVitDriver);
export {};
