// from src/parity/fixture.ts:15
const tensors = readFixtureTensors('shared/parity', manifest.cases[0]);
tensors.get('input.img')?.shape; // [2, 3, 32, 32]
export {};
