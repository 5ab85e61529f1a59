// from src/parity/drivers/cross-vit.ts:12
import { getDriver, registerAllDrivers } from '@tensorgrad/models';
registerAllDrivers();
if (getDriver('CrossViT') === undefined) throw new Error('CrossViT driver missing');
export {};
