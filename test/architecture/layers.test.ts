/**
 * The layer rules the README's Architecture section states, checked over the real source tree:
 * - blocks/ (the Slack presentation layer) imports only blocks/, src/lib/, src/domain/ and npm packages —
 *   values and types alike; services map their data into blocks' view-model types. Biome's
 *   noRestrictedImports (biome.json, `npm run lint`) enforces the same rule in the editor and CI.
 * - Slack listeners and handlers (src/slack/**) hold no SQL: they call stores and services. A store that
 *   lives under src/slack (the click inbox's own database) is the one place there that may.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** Every module specifier a file imports or re-exports (static, type-only and dynamic `import('…')`). */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) out.push(m[1]);
  return out;
}

const BLOCKS_MAY_IMPORT = ['blocks/', 'src/lib/', 'src/domain/'];

/** The imports of `file` (relative to the repo root) that reach outside the allowed folders. */
function blocksViolations(file: string, source: string): string[] {
  return specifiers(source).filter((spec) => {
    if (!spec.startsWith('.')) return false; // an npm package (@slack/types)
    const target = relative(ROOT, resolve(ROOT, dirname(file), spec))
      .split(sep)
      .join('/');
    return !BLOCKS_MAY_IMPORT.some((dir) => `${target}/`.startsWith(dir));
  });
}

/** SQL, raw statements and table definitions: what a listener must leave to its store. */
const SQL_IN_SLACK: Array<[string, RegExp]> = [
  ['stmt( (raw statement helper)', /\bstmt\s*\(/],
  ['$client.prepare / .exec (raw SQLite)', /\$client\s*\.\s*(prepare|exec)\b/],
  ['sql`…` (drizzle SQL template)', /\bsql\s*`/],
  ['drizzle-orm import', /from\s+['"]drizzle-orm/],
  ['db/schema value import (tables)', /^import\s+(?!type\b)[^;]*from\s+['"][./]*db\/schema['"]/m],
  ['accounts/statements import', /from\s+['"][./]*src\/accounts\/statements['"]|from\s+['"](\.\.\/)+accounts\/statements['"]/],
];

const isSlackStore = (file: string) => /\/store(\.ts|\/)/.test(file);

describe('blocks/ is the presentation layer', () => {
  it('imports nothing from services, stores or db/: only blocks/, src/lib/, src/domain/ and packages', () => {
    const files = tsFiles('blocks');
    expect(files.length).toBeGreaterThan(15);
    const bad = files.flatMap((f) => blocksViolations(f, readFileSync(join(ROOT, f), 'utf8')).map((spec) => `${f} imports '${spec}'`));
    expect(bad).toEqual([]);
  });

  it('the scan catches a service import, a type-only import, a nested view model reaching into db/, and a dynamic import', () => {
    expect(blocksViolations('blocks/card.ts', "import { x } from '../src/alerts/store';")).toEqual(['../src/alerts/store']);
    expect(blocksViolations('blocks/card.ts', "import type { Book } from '../src/metrics/book';")).toEqual(['../src/metrics/book']);
    expect(blocksViolations('blocks/view-models/a.ts', "export type { AlertSeverity } from '../../db/schema';")).toEqual(['../../db/schema']);
    expect(blocksViolations('blocks/card.ts', "type T = import('../src/book/read-model').BookRow;")).toEqual(['../src/book/read-model']);
    expect(
      blocksViolations(
        'blocks/view-models/a.ts',
        "import { escapeMrkdwn } from '../../src/lib/mrkdwn';\nimport type { Tier } from '../../src/domain/tier';\nimport { money } from '../format';\nimport type { KnownBlock } from '@slack/types';",
      ),
    ).toEqual([]);
  });

  it('Biome enforces the same boundary (npm run lint fails on a service import in blocks/, passes lib and domain)', () => {
    // The repo's own biome.json, run on probe files laid out as in the repo (in a scratch folder: the tree stays clean).
    const dir = mkdtempSync(join(tmpdir(), 'bellwether-lint-'));
    try {
      copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
      mkdirSync(join(dir, 'blocks/view-models'), { recursive: true });
      writeFileSync(join(dir, 'blocks/view-models/bad.ts'), "import type { BookRow } from '../../src/book/read-model';\nexport type X = BookRow;\n");
      writeFileSync(
        join(dir, 'blocks/good.ts'),
        "import { escapeMrkdwn } from '../src/lib/mrkdwn';\nimport { TIERS } from '../src/domain/tier';\nexport const x = [escapeMrkdwn, TIERS];\n",
      );
      const lint = (file: string) => spawnSync(join(ROOT, 'node_modules/.bin/biome'), ['lint', '--vcs-enabled=false', file], { cwd: dir, encoding: 'utf8' });
      const bad = lint('blocks/view-models/bad.ts');
      expect(`${bad.stdout}${bad.stderr}`).toContain('blocks/view-models/bad.ts:1:30 lint/style/noRestrictedImports');
      expect(bad.status).not.toBe(0);
      const good = lint('blocks/good.ts');
      expect(`${good.stdout}${good.stderr}`).not.toContain('noRestrictedImports');
      expect(good.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Slack listeners hold no SQL', () => {
  it('src/slack/** calls stores and services: no raw statements, SQL templates or table imports outside its own stores', () => {
    const files = tsFiles('src/slack').filter((f) => !isSlackStore(f));
    expect(files.length).toBeGreaterThan(20);
    const bad = files.flatMap((f) => {
      const src = readFileSync(join(ROOT, f), 'utf8');
      return SQL_IN_SLACK.filter(([, re]) => re.test(src)).map(([what]) => `${f}: ${what}`);
    });
    expect(bad).toEqual([]);
  });

  it('the scan catches each kind of SQL a listener might carry', () => {
    const caught = (src: string) => SQL_IN_SLACK.filter(([, re]) => re.test(src)).map(([what]) => what);
    expect(caught("const a = stmt(deps.db, 'select name from accounts where id = ?').get(id);")).toEqual(['stmt( (raw statement helper)']);
    expect(caught("deps.db.$client.prepare('select 1').get();")).toEqual(['$client.prepare / .exec (raw SQLite)']);
    expect(caught('db.select().from(accounts).where(sql`lower(name) = lower(?)`);')).toEqual(['sql`…` (drizzle SQL template)']);
    expect(caught("import { eq } from 'drizzle-orm';")).toEqual(['drizzle-orm import']);
    expect(caught("import { accounts } from '../../../db/schema';")).toEqual(['db/schema value import (tables)']);
    expect(caught("import type { AlertSeverity } from '../../../db/schema';")).toEqual([]);
    expect(caught("import { stmt as s } from '../../accounts/statements';")).toEqual(['accounts/statements import']);
  });
});
