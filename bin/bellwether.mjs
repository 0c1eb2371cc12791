#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` / `npm run build`). From the TypeScript sources: bin/bellwether-dev.mjs.
let cli;
try {
  cli = await import('../dist/bellwether.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/bellwether.js')) throw e;
  process.stderr.write('error: dist/ is not built: run `npm run build` (npm ci and npm install build it)\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
