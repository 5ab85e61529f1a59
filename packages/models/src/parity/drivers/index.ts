/**
 * The list of parity drivers. Each network's driver lives in its own file next to this one;
 * add one import and one entry to `DRIVERS` per network.
 */
import type { Driver } from '../driver.js';
import { registerDriver, getDriver } from '../driver.js';
import { adapterDriver, vitDriver } from './learnable-memory-vit.js';
import { atsVitDriver } from './ats-vit.js';
import { memformerDriver } from './memformer.js';
import { crossVitDriver } from './cross-vit.js';
import { scalableVitDriver } from './scalable-vit.js';

/**
 * Every driver of this package, one per manifest `model` name.
 * @example
 * ```ts
 * import { DRIVERS } from '@tensorgrad/models/parity';
 * const names = DRIVERS.map((d) => d.model);
 * if (names.join() !== 'ViT,Adapter,ATSViT,Memformer,CrossViT,ScalableViT') throw new Error(`drivers ${names}`);
 * ```
 */
export const DRIVERS: readonly Driver[] = [
  vitDriver,
  adapterDriver,
  atsVitDriver,
  memformerDriver,
  crossVitDriver,
  scalableVitDriver,
];

/**
 * Registers every driver of {@link DRIVERS} (once; calling it again does nothing).
 *
 * @example
 * ```ts
 * import { getDriver, registerAllDrivers } from '@tensorgrad/models/parity';
 * registerAllDrivers();
 * registerAllDrivers(); // a second call does nothing
 * if (getDriver('ViT') === undefined) throw new Error('ViT driver');
 * ```
 */
export function registerAllDrivers(): void {
  for (const driver of DRIVERS) {
    if (getDriver(driver.model) === undefined) registerDriver(driver);
  }
}
