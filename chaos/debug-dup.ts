// TEMP debugging harness (not committed)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scenario } from './scenarios/delivery-faults';
const seed = Number(process.argv[2] ?? 11);
const r = await scenario.run({ trials: Number(process.argv[3] ?? 3), seed, workDir: mkdtempSync(join(tmpdir(), 'bw-dbg-')), log: (l) => console.log(l) });
console.log(JSON.stringify(r));
