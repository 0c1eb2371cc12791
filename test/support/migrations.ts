import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../db';

/** Copies of the migrations folder holding only the first `n` migrations; `cleanup()` removes them. */
export function migrationFolders() {
  const dirs: string[] = [];
  return {
    firstMigrations(n: number): string {
      const dir = mkdtempSync(join(tmpdir(), 'bw-mig-'));
      dirs.push(dir);
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      const journalPath = join(dir, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.slice(0, n);
      writeFileSync(journalPath, JSON.stringify(journal));
      return dir;
    },
    cleanup(): void {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
