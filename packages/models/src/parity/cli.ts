#!/usr/bin/env node
// `npm run parity -- <fixture-dir> [--backend cpu|gpu] [--json <file>]` (see parityCommand).
import { parityCommand } from './command.js';

process.exitCode = parityCommand(process.argv.slice(2));
