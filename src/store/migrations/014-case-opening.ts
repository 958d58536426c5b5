// Case opening from detection signals (issue 11): what a sender showed across conversations
// with minors (a case on the sender opens when several reach the threshold), and the
// review part of an ingest answer, returned again unchanged on a replay.
//
// A case's state now says whether it is urgent and which content made it: the cached state
// of cases opened before is folded again from their events, so that `vigie verify` still
// finds every cached state equal to its fold.
import type { Kysely } from 'kysely';
import type { NewEvent } from '../../moderation/events.js';
import { foldCase, type CaseState } from '../../moderation/folds/case.js';

interface CaseEventRow {
  subject_id: string;
  type: string;
  at: string;
  payload_json: string;
}

export function caseOpening() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sender_risk')
        .addColumn('sender_id', 'text', (c) => c.primaryKey())
        .addColumn('state_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('content').addColumn('review_json', 'text').execute();

      const d = db as unknown as Kysely<{ events: CaseEventRow & { subject_kind: string; seq: number }; cases: { id: string; state_json: string } }>;
      const rows = await d
        .selectFrom('events')
        .select(['subject_id', 'type', 'at', 'payload_json'])
        .where('subject_kind', '=', 'case')
        .orderBy('seq')
        .execute();
      const states = new Map<string, CaseState | undefined>();
      for (const r of rows) {
        const event = { type: r.type, subject: { kind: 'case', id: r.subject_id }, at: r.at, payload: JSON.parse(r.payload_json) } as unknown as NewEvent;
        states.set(r.subject_id, foldCase(states.get(r.subject_id), event));
      }
      for (const [id, state] of states) {
        if (state)
          await d
            .updateTable('cases')
            .set({ state_json: JSON.stringify(state) })
            .where('id', '=', id)
            .execute();
      }
    },
  };
}
