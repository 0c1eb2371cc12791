import type { Command } from 'commander';
import { IMPORT_KINDS, type ImportKind, type ImportProgress, type ImportSuccess, importFile, loadMapping } from '../../import';
import { UserError } from '../../lib/errors';
import type { CliContext } from '../context';

/** `bellwether import <kind> FILE [--map MAPPING.yml] [--dry-run]` */
export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import a CSV / JSON / JSON-lines file (all or nothing; re-importing the same file changes nothing)')
    .argument('<kind>', IMPORT_KINDS.join(' | '))
    .argument('<file>', '.csv, .json (array of objects), .jsonl or .ndjson')
    .option('--map <mapping.yml>', 'mapping file that adapts a foreign export (see mappings/)')
    .option('--dry-run', 'validate and report what would change without writing')
    .action((kind: string, file: string, o: { map?: string; dryRun?: boolean }) => {
      if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw new UserError('IMPORT_KIND', `unknown import kind "${kind}" (use one of ${IMPORT_KINDS.join(', ')})`);
      }
      const mapping = o.map ? loadMapping(o.map) : undefined;
      const db = ctx.openDb();
      let showedProgress = false;
      const outcome = importFile(db, kind as ImportKind, file, {
        mapping,
        dryRun: o.dryRun,
        now: new Date(),
        timeZone: ctx.config().timezone,
        onProgress: (p) => {
          showedProgress = true;
          ctx.progress(progressLine(kind, p));
        },
      });
      if (showedProgress) ctx.progress(''); // clear the in-place terminal line before the summary
      if (!outcome.ok) throw new UserError('IMPORT_INVALID', outcome.message);
      ctx.out(summary(outcome));
    });
}

function progressLine(kind: string, p: ImportProgress): string {
  const rate = p.elapsedMs > 0 ? Math.round((p.done / p.elapsedMs) * 1000) : 0;
  const total = p.total ? ` / ${p.total.toLocaleString('en-US')} (${Math.min(100, Math.round((p.done / p.total) * 100))}%)` : '';
  return `import ${kind}: ${p.done.toLocaleString('en-US')}${total} rows, ${rate.toLocaleString('en-US')} rows/s`;
}

function summary(r: ImportSuccess): string {
  const verb = r.dryRun ? 'dry run, nothing written:' : 'imported';
  const parts = [`${r.inserted} inserted`, `${r.updated} updated`, `${r.unchanged} unchanged`];
  if (r.skipped) parts.push(`${r.skipped} skipped by where`);
  if (r.merged) parts.push(`${r.merged} merged by aggregate`);
  if (r.accountsCreated) parts.push(`${r.accountsCreated} accounts created`);
  const rate = r.durationMs > 0 ? `, ${Math.round((r.rows / r.durationMs) * 1000).toLocaleString('en-US')} rows/s` : '';
  return `${verb} ${r.kind} from ${r.source}: ${r.rows} rows read; ${parts.join(', ')} (${(r.durationMs / 1000).toFixed(1)} s${rate})`;
}
