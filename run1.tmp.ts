import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const mod = await import(process.argv[2]);
const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
const r = await mod.scenario.run({ trials: Number(process.argv[3] ?? 2), seed: 7, workDir: dir, log: (l: string) => console.log(l) });
console.log(JSON.stringify(r, null, 1));
