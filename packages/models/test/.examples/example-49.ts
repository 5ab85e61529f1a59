// from src/parity/drivers/index.ts:19
registerAllDrivers();
getDriver('ViT') !== undefined; // true
export {};
