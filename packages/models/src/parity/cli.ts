#!/usr/bin/env node
/**
 * Entry point of `npm run parity -- <fixture-dir> [--backend cpu|gpu] [--json <file>]`
 * (see {@link parityCommand}). Exits 1 when any case fails, 2 on a usage error.
 */
import { parityCommand } from './command.js';

process.exitCode = parityCommand(process.argv.slice(2));
