// from src/parity/drivers/ats-vit.ts:16
registerDriver(atsVitDriver);
export {};
