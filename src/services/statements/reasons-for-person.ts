// What the person appealing may read of the decision: the statements of reasons of the
// appealed action's decision that the policy allows them to see (a lock until deletion, a
// violation recorded), never one for material removed without notice, nor a suspension,
// which the policy carries out without saying why.
import type { Store } from '../../store/store.js';
import { actionById } from '../../store/actions.js';
import { noticeableStatements } from '../../store/statements.js';
import type { RestrictionFacts } from '../../policy/statement-of-reasons.js';
import { factsOf } from './statement-view.js';

export async function reasonsForPerson(store: Store, actionId: string): Promise<RestrictionFacts[]> {
  const action = await actionById(store.db, actionId);
  if (!action || action.subject.kind !== 'account') return [];
  return (await noticeableStatements(store.db, action.subject.id, action.at)).map(factsOf);
}
