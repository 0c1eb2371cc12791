/** Collects import problems: keeps the first few for the report and counts the rest. */
import type { ImportKind } from './kind';
import type { ImportFailure, ImportProblem, RowUnit } from './types';

export const MAX_LISTED_PROBLEMS = 20;

export class Problems {
  readonly listed: ImportProblem[] = [];
  count = 0;

  constructor(
    private readonly unit: RowUnit,
    private readonly limit = MAX_LISTED_PROBLEMS,
  ) {}

  /** A problem in data row / line / record n. */
  row(n: number, column: string | undefined, message: string): void {
    this.push({ where: `${this.unit} ${n}`, n, column, message });
  }

  header(column: string | undefined, message: string): void {
    this.push({ where: 'header', column, message });
  }

  file(message: string): void {
    this.push({ where: '', message });
  }

  private push(p: ImportProblem): void {
    this.count++;
    if (this.listed.length < this.limit) this.listed.push(p);
  }
}

/** Quote a raw value for a message, shortened so a huge cell cannot flood the terminal. */
export function shown(v: unknown): string {
  const cut = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);
  // Objects and arrays (JSON sources; depth already bounded) show as their JSON, not as a quoted string of it.
  if (v !== null && typeof v === 'object') return cut(JSON.stringify(v));
  return JSON.stringify(cut(typeof v === 'string' ? v : JSON.stringify(v)));
}

export function formatProblems(source: string, listed: ImportProblem[], count: number): string {
  const lines = listed.map((p) => {
    const parts = [p.where, p.column !== undefined ? `column "${p.column}"` : ''].filter(Boolean);
    return `  ${parts.length ? `${parts.join(', ')}: ` : ''}${p.message}`;
  });
  if (count > listed.length) lines.push(`  … and ${count - listed.length} more`);
  const head = `${source}: ${count} problem${count === 1 ? '' : 's'}, nothing was imported`;
  return `${head}\n${lines.join('\n')}`;
}

/** The failed outcome of an import: the listed problems, their count and the message that prints them. */
export function failure(kind: ImportKind, source: string, p: Problems): ImportFailure {
  return { ok: false, kind, source, problems: p.listed, problemCount: p.count, message: formatProblems(source, p.listed, p.count) };
}
