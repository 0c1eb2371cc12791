// Worker threads start without the app's TypeScript loader: register tsx here (as bin/bellwether.mjs
// does for the process), then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
