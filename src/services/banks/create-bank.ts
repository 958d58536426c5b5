// Creating a bank: its name is checked, its row written and its creation logged (who
// loaded which list, from which source, verified or not) in one unit of work.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { findBank, insertBank, type BankInfo, type NewBank } from '../../store/bank-store.js';
import type { Actor } from '../../moderation/events.js';
import { verifiedRefusal } from '../../match/bank.js';
import { invalid, unprocessable } from '../errors.js';

export const BANK_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export async function createBank(store: Store, bank: NewBank, actor: Actor, at: string): Promise<BankInfo> {
  if (!BANK_NAME.test(bank.name))
    throw invalid(`a bank name is 1-100 characters of a-z, 0-9, ".", "_" and "-", starting with a letter or digit; got "${bank.name}"`);
  const refusal = verifiedRefusal(bank.source, bank.verified);
  if (refusal) throw unprocessable(refusal);
  const id = `bank_${randomUUID()}`;
  await store.write(async (w) => {
    await insertBank(w.tx, id, bank, at);
    await w.append([
      {
        type: 'bank.created',
        subject: { kind: 'bank', id },
        actor,
        at,
        reason: null,
        payload: { name: bank.name, hashType: bank.hashType, source: bank.source, listVersion: bank.listVersion ?? null, verified: bank.verified },
      },
    ]);
  });
  return (await findBank(store, bank.name))!;
}
