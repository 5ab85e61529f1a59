// from src/parity/driver.ts:59
registerDriver({
  model: 'Linear',
  build: (config) => new Linear(config.inFeatures as number, config.outFeatures as number),
  run: (model, data) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
});
export {};
