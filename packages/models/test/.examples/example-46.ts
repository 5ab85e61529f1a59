// from src/parity/driver.ts:93
registerAllDrivers();
registeredModels(); // ['ViT', 'Adapter', 'ATSViT', ...]
export {};
