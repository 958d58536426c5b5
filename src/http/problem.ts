// Errors as RFC 9457 problem details (application/problem+json).
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export function problemBody(status: number, title: string, detail: string | undefined, instance: string, extra: Record<string, unknown> = {}) {
  return { type: `urn:vigie:problem:${slug(title)}`, title, status, ...(detail ? { detail } : {}), instance, ...extra };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
