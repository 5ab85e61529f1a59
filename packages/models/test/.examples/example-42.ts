// from src/parity/command.ts:60
process.exitCode = parityCommand(process.argv.slice(2));
export {};
