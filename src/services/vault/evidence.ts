// Reading and deleting preserved evidence. Access is kept to the people who need it
// (18 U.S.C. 2258B(c)(1)): a preserved item's snapshot to the legal role (hold:manage) and to
// those who file reports (cybertip:file); held media bytes to those who file reports and to
// reviewers who may reveal media. Every read is an evidence.read event. A deletion (for
// example the destruction a law-enforcement agency requests, 2258B(c)(2)) is refused while
// any hold in force covers the object, whoever asks.
import { SYSTEM, type Actor } from '../../moderation/events.js';
import { evidenceLockKey, holdById, holdsCovering, itemsOfHolds, lockEvidence, type HoldItemKind } from '../../store/vault-holds.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import type { ContentSnapshot } from './holds.js';
import type { VaultDeps } from './vault.js';

const SHA256 = /^[0-9a-f]{64}$/;

/** A staff member, or the system (the CyberTipline workflow uploading a report's files). */
export type EvidenceReader = Reviewer | { system: true };

function actorOf(reader: EvidenceReader): Actor {
  return 'system' in reader ? SYSTEM : reviewerActor(reader);
}

async function logRead(
  deps: VaultDeps,
  reader: EvidenceReader,
  subjectHold: string,
  kind: 'media' | 'snapshot',
  sha256: string,
  contentId: string | null,
): Promise<void> {
  await deps.store.write((w) =>
    w.append([
      {
        type: 'evidence.read',
        subject: { kind: 'hold', id: subjectHold },
        actor: actorOf(reader),
        at: deps.now().toISOString(),
        reason: null,
        payload: { kind, sha256, contentId },
      },
    ]),
  );
}

/** The preserved snapshot of a content item under a hold (its text as it was stored). */
export async function readSnapshot(deps: VaultDeps, reader: EvidenceReader, holdId: string, contentId: string): Promise<ContentSnapshot> {
  if (!('system' in reader) && !may(reader, 'hold:manage') && !may(reader, 'cybertip:file')) throw forbidden('your role does not read preserved evidence');
  const hold = await holdById(deps.store.db, holdId);
  if (!hold) throw notFound(`no hold with id ${holdId}`);
  const item = (await itemsOfHolds(deps.store.db, [holdId])).find((i) => i.kind === 'snapshot' && i.content_id === contentId);
  if (!item) throw notFound(`hold ${holdId} preserves no content item ${contentId}`);
  if (hold.status === 'purged') throw notFound(`hold ${holdId} expired and its snapshot was purged`);
  // Logged before the bytes are given: a read that fails half-way is still in the log.
  await logRead(deps, reader, holdId, 'snapshot', item.ref, contentId);
  const bytes = await deps.vault.snapshots.read(item.ref);
  return JSON.parse(bytes.toString('utf8')) as ContentSnapshot;
}

/** The clear bytes of a media object under a hold in force. */
export async function readHeldMedia(deps: VaultDeps, reader: EvidenceReader, sha256: string): Promise<{ bytes: Buffer; holdId: string }> {
  if (!('system' in reader) && !may(reader, 'cybertip:file') && !may(reader, 'media:reveal')) throw forbidden('your role does not read preserved media');
  if (!SHA256.test(sha256)) throw invalid('not a SHA-256 digest');
  const covering = await holdsCovering(deps.store.db, 'media', [sha256], deps.now().toISOString());
  if (covering.length === 0) throw notFound(`no hold in force covers media ${sha256}`);
  await logRead(deps, reader, covering[0]!.id, 'media', sha256, null);
  return { bytes: await deps.vault.media.read(sha256), holdId: covering[0]!.id };
}

/**
 * Deletes a media object or a snapshot from the vault, unless a hold in force covers it
 * (conflict naming the holds). The legal role only; logged as evidence.purged.
 */
export async function deleteEvidence(deps: VaultDeps, actor: Reviewer, target: { kind: 'media' | 'snapshot'; sha256: string }, reason: string): Promise<void> {
  if (!may(actor, 'hold:manage')) throw forbidden('your role does not delete evidence');
  if (!SHA256.test(target.sha256)) throw invalid('not a SHA-256 digest');
  const why = reason.trim();
  if (why === '') throw invalid('a deletion needs a reason (for example the law-enforcement request)');
  const tree = target.kind === 'media' ? deps.vault.media : deps.vault.snapshots;
  if (!(await tree.has(target.sha256))) throw notFound(`the vault holds no ${target.kind} ${target.sha256}`);
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    await lockEvidence(w.tx, w.dialect, [evidenceLockKey(target.kind, target.sha256)]);
    const covering = await holdsCovering(w.tx, target.kind as HoldItemKind, [target.sha256], at);
    if (covering.length > 0) {
      throw conflict(`under preservation hold ${[...new Set(covering.map((h) => h.id))].join(', ')} until ${covering[0]!.until}: it cannot be deleted`);
    }
    // Deleted while the lock is held, so a hold placed now waits for it and sees it gone.
    await tree.remove(target.sha256);
    await w.append([
      {
        type: 'evidence.purged',
        subject: { kind: 'system', id: 'evidence-vault' },
        actor: reviewerActor(actor),
        at,
        reason: why,
        payload: {
          cause: 'deleted',
          media: target.kind === 'media' ? [target.sha256] : [],
          snapshots: target.kind === 'snapshot' ? [target.sha256] : [],
          kept: [],
        },
      },
    ]);
  });
}
