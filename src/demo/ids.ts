/** Sequential, human-readable ids per table (TCK-000001 …) and timestamps inside business hours. */
import type { Rng } from './prng';

export type IdSource = (prefix: string) => string;

export function idSource(): IdSource {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  };
}

/** An ISO instant on `day` between 08:00 and 18:59 UTC. */
export function instantOn(day: string, rng: Rng): string {
  const h = String(rng.int(8, 18)).padStart(2, '0');
  const m = String(rng.int(0, 59)).padStart(2, '0');
  return `${day}T${h}:${m}:00.000Z`;
}

export function addDaysToInstant(instant: string, days: number): string {
  return new Date(Date.parse(instant) + Math.round(days * 86_400_000)).toISOString();
}
