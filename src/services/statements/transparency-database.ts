// The client for the Commission's DSA Transparency Database API (docs/statements.md):
// POST /api/v1/statements with up to 100 statements, POST /api/v1/statement for one, with
// the platform's bearer token. `puid` is the idempotency key: a statement the database holds
// already is refused with "The identifier given is not unique within this platform.", which
// this client reports as accepted before.
import type { DsaStatement } from '../../policy/statement-of-reasons.js';

export const BATCH_MAX = 100;

export type SubmissionResult =
  | { puid: string; outcome: 'accepted'; uuid: string | null }
  | { puid: string; outcome: 'duplicate' }
  | { puid: string; outcome: 'refused'; error: string }
  | { puid: string; outcome: 'retry'; error: string };

export interface TransparencyDatabase {
  submit(statements: readonly DsaStatement[]): Promise<SubmissionResult[]>;
}

const NOT_UNIQUE = /not unique within this platform/i;

export class TransparencyDatabaseClient implements TransparencyDatabase {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async submit(statements: readonly DsaStatement[]): Promise<SubmissionResult[]> {
    if (statements.length === 0) return [];
    if (statements.length > BATCH_MAX) throw new RangeError(`at most ${BATCH_MAX} statements per call`);
    const batch = await this.post('/api/v1/statements', { statements });
    if (batch.kind === 'failed') return statements.map((s) => ({ puid: s.puid, outcome: 'retry' as const, error: batch.error }));
    if (batch.status === 201 || batch.status === 200) {
      const made = new Map<string, string | null>();
      const list = (batch.body as { statements?: { puid?: unknown; uuid?: unknown }[] } | null)?.statements ?? [];
      for (const m of list) if (typeof m.puid === 'string') made.set(m.puid, typeof m.uuid === 'string' ? m.uuid : null);
      return statements.map((s) => ({ puid: s.puid, outcome: 'accepted' as const, uuid: made.get(s.puid) ?? null }));
    }
    if (batch.status === 422) {
      // One bad statement (or one the database holds already) refuses the whole batch: each is sent alone to tell them apart.
      const out: SubmissionResult[] = [];
      for (const s of statements) out.push(await this.submitOne(s));
      return out;
    }
    const error = `the Transparency Database answered ${batch.status}`;
    return statements.map((s) => ({ puid: s.puid, outcome: 'retry' as const, error }));
  }

  private async submitOne(s: DsaStatement): Promise<SubmissionResult> {
    const r = await this.post('/api/v1/statement', s);
    if (r.kind === 'failed') return { puid: s.puid, outcome: 'retry', error: r.error };
    if (r.status === 201 || r.status === 200) {
      const uuid = (r.body as { uuid?: unknown } | null)?.uuid;
      return { puid: s.puid, outcome: 'accepted', uuid: typeof uuid === 'string' ? uuid : null };
    }
    const text = JSON.stringify(r.body ?? '').slice(0, 1000);
    if (r.status === 422 && NOT_UNIQUE.test(text)) return { puid: s.puid, outcome: 'duplicate' };
    if (r.status === 422) return { puid: s.puid, outcome: 'refused', error: `refused: ${text}` };
    return { puid: s.puid, outcome: 'retry', error: `the Transparency Database answered ${r.status}` };
  }

  private async post(path: string, body: unknown): Promise<{ kind: 'answered'; status: number; body: unknown } | { kind: 'failed'; error: string }> {
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = text.slice(0, 1000);
      }
      return { kind: 'answered', status: res.status, body: parsed };
    } catch (err) {
      // The message names the failure, never the token.
      return { kind: 'failed', error: err instanceof Error ? err.name + ': ' + err.message : 'request failed' };
    }
  }
}
