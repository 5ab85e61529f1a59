/** The list of parity drivers, one file each next to this one. */
import type { Driver } from '../driver.js';
import { registerDriver, getDriver } from '../driver.js';
import { adapterDriver, vitDriver } from './learnable-memory-vit.js';
import { atsVitDriver } from './ats-vit.js';
import { memformerDriver } from './memformer.js';
import { crossVitDriver } from './cross-vit.js';
import { scalableVitDriver } from './scalable-vit.js';

/** Every driver of this package, one per manifest `model` name. */
export const DRIVERS: readonly Driver[] = [
  vitDriver,
  adapterDriver,
  atsVitDriver,
  memformerDriver,
  crossVitDriver,
  scalableVitDriver,
];

/** Registers every driver of {@link DRIVERS} (once; calling it again does nothing). */
export function registerAllDrivers(): void {
  for (const driver of DRIVERS) {
    if (getDriver(driver.model) === undefined) registerDriver(driver);
  }
}
