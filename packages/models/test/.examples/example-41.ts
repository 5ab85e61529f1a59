// from src/parity/command.ts:26
parseParityArguments(['shared/parity', '--backend', 'gpu']); // { dir: 'shared/parity', backend: 'gpu' }
export {};
