/** Read a JSON column: raw SQL gives text, drizzle's json mode gives the value; unreadable text gives the fallback. */
export function parseJsonOr<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string') return (v as T) ?? fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}
