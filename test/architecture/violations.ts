// Turns dependency-cruiser's violations into a report a person can work through: one
// block per rule, one line per offending import, cycles written out in full.
import type { IViolation } from 'dependency-cruiser';

export function describeViolation(v: IViolation): string {
  if (v.cycle && v.cycle.length > 0) return [v.from, ...v.cycle.map((step) => step.name)].join(' → ');
  const typeOnly = v.dependencyTypes?.includes('type-only') ? '  (type-only)' : '';
  return `${v.from} → ${v.to}${typeOnly}`;
}

export function groupByRule(violations: readonly IViolation[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const v of violations) {
    const lines = groups.get(v.rule.name) ?? [];
    lines.push(describeViolation(v));
    groups.set(v.rule.name, lines);
  }
  for (const lines of groups.values()) lines.sort();
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

export function report(violations: readonly IViolation[]): string {
  const out: string[] = [`${violations.length} dependency violation(s):`];
  for (const [rule, lines] of groupByRule(violations)) {
    out.push('', `${rule} (${lines.length}):`, ...lines.map((l) => `  ${l}`));
  }
  return out.join('\n');
}
