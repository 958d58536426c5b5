// A sender's risk across conversations with minors (migration 014), read and written in the
// message's unit of work, the row locked so that two processes add to it in turn.
import type { JsonObject } from '../moderation/events.js';
import { lockSubjects } from './projection.js';
import type { UnitOfWork } from './unit-of-work.js';

export async function lockSenderRisk(w: UnitOfWork, senderId: string): Promise<JsonObject | undefined> {
  await lockSubjects(w.tx, w.dialect, [`sender-risk:${senderId}`]);
  const row = await w.tx.selectFrom('sender_risk').select('state_json').where('sender_id', '=', senderId).executeTakeFirst();
  return row ? (JSON.parse(row.state_json) as JsonObject) : undefined;
}

export async function saveSenderRisk(w: UnitOfWork, senderId: string, state: JsonObject, at: string): Promise<void> {
  const values = { sender_id: senderId, state_json: JSON.stringify(state), updated_at: at };
  await w.tx
    .insertInto('sender_risk')
    .values(values)
    .onConflict((oc) => oc.column('sender_id').doUpdateSet({ state_json: values.state_json, updated_at: at }))
    .execute();
}
