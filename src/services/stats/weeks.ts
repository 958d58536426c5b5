// Weeks for the transparency figures: ISO weeks, Monday 00:00 UTC, named by their Monday.

export function weekOf(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

/** Every week that overlaps [from, to), in order. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(to);
  for (let w = new Date(`${weekOf(from)}T00:00:00.000Z`); w.getTime() < end; w.setUTCDate(w.getUTCDate() + 7)) out.push(w.toISOString().slice(0, 10));
  return out;
}

/** The q-quantile (0..1) of sorted values, nearest rank; null for none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}
