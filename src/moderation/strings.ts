// What a string must be before it can be sealed into the log. The chain hashes a string as
// JavaScript holds it, but both databases store UTF-8: a lone UTF-16 surrogate ("\ud800",
// valid JSON) is stored as U+FFFD and reads back different, so the recomputed hash fails
// for good; PostgreSQL refuses a NUL character (U+0000) in text outright, where SQLite keeps
// it. Refusing both keeps the two stores equal and the log verifiable.

/** Why a string cannot be stored as it is, or null when it can. */
export function stringProblem(s: string): string | null {
  if (!s.isWellFormed()) return 'is not well-formed Unicode: it holds a lone UTF-16 surrogate (replace it with U+FFFD before sending)';
  if (s.includes('\0')) return 'holds a NUL character (U+0000), which vigie does not store (remove it before sending)';
  return null;
}

function storable(s: string): boolean {
  return s.isWellFormed() && !s.includes('\0');
}

/** True when every string (value or key) inside a JSON-like value can be stored: the fast path, on every event sealed. */
export function allStorable(value: unknown): boolean {
  if (typeof value === 'string') return storable(value);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!allStorable(v)) return false;
    return true;
  }
  for (const key in value) {
    if (!storable(key) || !allStorable((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The first string (value or key) inside a JSON-like value that cannot be stored, with its dotted path. */
export function badStringIn(value: unknown, path = ''): { field: string; message: string } | null {
  if (path === '' && allStorable(value)) return null;
  if (typeof value === 'string') {
    const message = stringProblem(value);
    return message ? { field: path, message } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badStringIn(value[i], path ? `${path}.${i}` : String(i));
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    // A bad key is not repeated in the path: the path would carry the bad string along.
    const keyProblem = stringProblem(key);
    if (keyProblem) return { field: path, message: `has a key that ${keyProblem}` };
    const bad = badStringIn(v, path ? `${path}.${key}` : key);
    if (bad) return bad;
  }
  return null;
}
