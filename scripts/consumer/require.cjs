// A CommonJS caller. The packages are ES modules only: `await import()` works everywhere, and
// `require()` works where Node can require ES modules (20.19+, 22.12+); older Node says
// ERR_REQUIRE_ESM, whose message points to import().
async function main() {
  const { Linear } = await import('@tensorgrad/nn');
  if (new Linear(2, 3).weight.shape.join() !== '3,2') throw new Error('import() from CommonJS');
  if (process.features.require_module) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS caller is the point
    const { tensor } = require('@tensorgrad/autograd');
    if (tensor([1, 2]).add(1).toArray().join() !== '2,3') throw new Error('require()');
    console.log('consumer: CommonJS import() and require() both work');
  } else {
    let code = '';
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
      require('@tensorgrad/nn');
    } catch (err) {
      code = err.code;
    }
    if (code !== 'ERR_REQUIRE_ESM') throw new Error(`require() on this Node gave ${code}`);
    console.log('consumer: CommonJS import() works; require() gives ERR_REQUIRE_ESM on this Node');
  }
}
main().catch((err) => {
  console.error(`consumer: ${err.stack}`);
  process.exit(1);
});
