// Worker threads start without the app's TypeScript loader: when the app runs from its TypeScript sources
// (tests, bin/bellwether-dev.mjs), register tsx here, then load the TypeScript entry. The build runs
// dist/background-worker.js instead (see runner.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
