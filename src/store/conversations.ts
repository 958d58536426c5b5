// Conversation states of direct messages (migration 007), read and written inside the
// message's transaction so that arrival order holds across requests and processes.
import type { UnitOfWork } from './unit-of-work.js';
import type { JsonObject } from '../moderation/events.js';
import { lockSubjects, subjectLockKey } from './projection.js';

const IN_CHUNK = 500;

/** Locks the conversations (two writers of one conversation serialise) and reads their states. */
export async function lockConversationStates(w: UnitOfWork, keys: readonly string[]): Promise<Map<string, JsonObject>> {
  const out = new Map<string, JsonObject>();
  if (keys.length === 0) return out;
  await lockSubjects(
    w.tx,
    w.dialect,
    keys.map((k) => subjectLockKey('conversation', k)),
  );
  for (let i = 0; i < keys.length; i += IN_CHUNK) {
    const rows = await w.tx
      .selectFrom('conversations')
      .select(['key', 'state_json'])
      .where('key', 'in', keys.slice(i, i + IN_CHUNK))
      .execute();
    for (const r of rows) out.set(r.key, JSON.parse(r.state_json) as JsonObject);
  }
  return out;
}

export async function saveConversationState(w: UnitOfWork, key: string, state: JsonObject, at: string): Promise<void> {
  const values = { key, state_json: JSON.stringify(state), updated_at: at };
  await w.tx
    .insertInto('conversations')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ state_json: values.state_json, updated_at: values.updated_at }))
    .execute();
}
