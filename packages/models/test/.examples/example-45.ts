// from src/parity/driver.ts:79
registerAllDrivers();
getDriver('ViT')?.model; // 'ViT'
getDriver('NoSuchNetwork'); // undefined
export {};
