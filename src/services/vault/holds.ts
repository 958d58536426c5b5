// Preservation holds (18 U.S.C. 2258A(h)): a completed CyberTipline submission is a request
// to preserve what it reported for one year, and whatever gives it context. A hold names a
// case and what it covers (media by SHA-256, content items by id, an account); placing it
// seals a snapshot of each item as stored (its text, links, metadata and media digests) into
// the vault, so the words survive the platform deleting the post. Nothing a hold covers can
// be deleted while it is in force (evidence.ts, purge-holds.ts); the legal role extends a
// hold, for example on a law-enforcement request, with the reason in the log.
//
// This module is the holds API the CyberTipline workflow calls: placeHold, extendHold,
// holdsOf, listHolds.
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../moderation/events.js';
import {
  contentForSnapshot,
  evidenceLockKey,
  findHolds,
  holdByCybertip,
  holdById,
  holdLockKey,
  insertHold,
  itemsOfHolds,
  lockEvidence,
  setHoldUntil,
  type HoldItemRow,
  type HoldRow,
} from '../../store/vault-holds.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { may, reviewerActor, type Reviewer } from '../cases/reviewer.js';
import { DAY_MS, type VaultDeps } from './vault.js';

export interface PlaceHoldInput {
  /** Null for a report on a verified-bank match enforced without a person (no case was opened). */
  caseId: string | null;
  /** The CyberTipline report the hold preserves for: one hold per report (placing it again returns it). */
  cybertipId?: string | undefined;
  sha256s: readonly string[];
  contentIds: readonly string[];
  accountId?: string | undefined;
  reason: string;
  /** ISO time; default VIGIE_HOLD_DAYS (one year) from now (the submission). */
  until?: string | undefined;
  actor: Actor;
}

export interface HoldView {
  id: string;
  caseId: string | null;
  cybertipId: string | null;
  accountId: string | null;
  reason: string;
  placedAt: string;
  placedBy: string;
  until: string;
  /** 'active' (in force until `until`), 'expired' (past it, not purged yet), 'purged'. */
  status: 'active' | 'expired' | 'purged';
  purgedAt: string | null;
  sha256s: string[];
  contentIds: string[];
  snapshots: { contentId: string; sha256: string }[];
}

const SHA256 = /^[0-9a-f]{64}$/;
const MAX_ITEMS = 1000;

/** The snapshot of an item as stored, in a fixed key order so the same item seals to the same digest. */
export interface ContentSnapshot {
  format: 'vigie.preserved-content.v1';
  contentId: string;
  kind: string;
  authorId: string;
  text: string | null;
  links: unknown;
  inReplyTo: string | null;
  recipientId: string | null;
  createdAt: string;
  ingestedAt: string;
  status: string;
  media: { mediaId: string; sha256: string; md5: string; size: number; detectedType: string; declaredType: string | null }[];
}

function isoOrThrow(value: string, name: string): string {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw invalid(`${name} is not a date and time`);
  return new Date(t).toISOString();
}

export async function placeHold(deps: VaultDeps, input: PlaceHoldInput): Promise<HoldView> {
  const reason = input.reason.trim();
  if (reason === '') throw invalid('a hold needs a reason (its legal basis)');
  const sha256s = [...new Set(input.sha256s)];
  for (const s of sha256s) if (!SHA256.test(s)) throw invalid(`${s} is not a SHA-256 digest`);
  const contentIds = [...new Set(input.contentIds)];
  if (sha256s.length + contentIds.length === 0 && !input.accountId) throw invalid('a hold covers media, content items or an account');
  if (sha256s.length + contentIds.length > MAX_ITEMS) throw invalid(`a hold covers at most ${MAX_ITEMS} objects`);
  const now = deps.now();
  const until = input.until !== undefined ? isoOrThrow(input.until, 'until') : new Date(now.getTime() + deps.holdDays * DAY_MS).toISOString();
  if (until <= now.toISOString()) throw invalid('a hold ends in the future');

  if (input.cybertipId !== undefined) {
    const existing = await holdByCybertip(deps.store.db, input.cybertipId);
    if (existing) return (await views(deps, [existing]))[0]!;
  }

  // Each item's snapshot is sealed before the transaction: content-addressed, so writing it
  // again (a retry, the same item in two holds) stores nothing new.
  const snapshots: { contentId: string; sha256: string }[] = [];
  const media = new Set(sha256s);
  for (const contentId of contentIds) {
    const found = await contentForSnapshot(deps.store.db, contentId);
    if (!found) throw notFound(`no content item with id ${contentId}`);
    const snap = snapshotOf(found);
    for (const m of snap.media) media.add(m.sha256);
    const bytes = Buffer.from(JSON.stringify(snap), 'utf8');
    const stored = await deps.vault.snapshots.saveBytes(bytes);
    snapshots.push({ contentId, sha256: stored.sha256 });
  }
  const allMedia = [...media].sort();
  const missing: string[] = [];
  for (const s of allMedia) if (!(await deps.vault.media.has(s))) missing.push(s);

  const id = randomUUID();
  const at = now.toISOString();
  const row: HoldRow = {
    id,
    case_id: input.caseId,
    cybertip_id: input.cybertipId ?? null,
    account_id: input.accountId ?? null,
    reason,
    placed_at: at,
    placed_by: `${input.actor.kind}:${input.actor.id ?? ''}`,
    until,
    status: 'active',
    purged_at: null,
  };
  const items: HoldItemRow[] = [
    ...allMedia.map((ref) => ({ hold_id: id, kind: 'media', ref, content_id: null })),
    ...contentIds.map((ref) => ({ hold_id: id, kind: 'content', ref, content_id: ref })),
    ...snapshots.map((s) => ({ hold_id: id, kind: 'snapshot', ref: s.sha256, content_id: s.contentId })),
  ];
  const placed = await deps.store.write(async (w) => {
    // The objects' locks make a deletion that began before this hold finish first (and the
    // check below see it), and one that begins after see the hold.
    await lockEvidence(w.tx, w.dialect, [
      ...(input.cybertipId !== undefined ? [`hold-cybertip:${input.cybertipId}`] : []),
      ...allMedia.map((s) => evidenceLockKey('media', s)),
      ...snapshots.map((s) => evidenceLockKey('snapshot', s.sha256)),
    ]);
    if (input.cybertipId !== undefined) {
      const existing = await holdByCybertip(w.tx, input.cybertipId);
      if (existing) return existing;
    }
    await insertHold(w.tx, row, items);
    await w.append([
      {
        type: 'hold.placed',
        subject: { kind: 'hold', id },
        actor: input.actor,
        at,
        reason,
        payload: {
          caseId: input.caseId,
          cybertipId: input.cybertipId ?? null,
          accountId: input.accountId ?? null,
          sha256s: allMedia,
          contentIds,
          snapshots,
          missing,
          until,
        },
      },
    ]);
    return row;
  });
  return (await views(deps, [placed]))[0]!;
}

/** Moves a hold's end later (never earlier: a shorter hold is a deletion in disguise). Legal role only. */
export async function extendHold(deps: VaultDeps, holdId: string, until: string, reason: string, actor: Reviewer): Promise<HoldView> {
  const next = isoOrThrow(until, 'until');
  return moveHoldEnd(
    deps,
    holdId,
    actor,
    reason,
    'an extension',
    'hold.extended',
    () => next,
    (hold) => (next <= hold.until ? `a hold can only be extended: it already runs until ${hold.until}` : null),
  );
}

/**
 * Ends a hold now, with the reason (for example a law-enforcement request that the material
 * be destroyed, 18 U.S.C. 2258B(c)(2)): the next purge deletes what no other hold covers.
 * Legal role only.
 */
export async function releaseHold(deps: VaultDeps, holdId: string, reason: string, actor: Reviewer): Promise<HoldView> {
  return moveHoldEnd(
    deps,
    holdId,
    actor,
    reason,
    'a release',
    'hold.released',
    (at) => at,
    (hold, at) => (hold.until <= at ? `this hold already ended at ${hold.until}` : null),
  );
}

/** The one way a hold's end changes: under its lock, for a stated reason, logged. */
async function moveHoldEnd(
  deps: VaultDeps,
  holdId: string,
  actor: Reviewer,
  reason: string,
  what: string,
  type: 'hold.extended' | 'hold.released',
  end: (at: string) => string,
  refused: (hold: { until: string }, at: string) => string | null,
): Promise<HoldView> {
  if (!may(actor, 'hold:manage')) throw forbidden('your role does not manage preservation holds');
  const why = reason.trim();
  if (why === '') throw invalid(`${what} needs a reason (for example the law-enforcement request)`);
  const at = deps.now().toISOString();
  const next = end(at);
  const row = await deps.store.write(async (w) => {
    await lockEvidence(w.tx, w.dialect, [holdLockKey(holdId)]);
    const hold = await holdById(w.tx, holdId);
    if (!hold) throw notFound(`no hold with id ${holdId}`);
    if (hold.status === 'purged') throw conflict('this hold has expired and its objects were purged');
    const refusal = refused(hold, at);
    if (refusal) throw conflict(refusal);
    await setHoldUntil(w.tx, holdId, next);
    await w.append([
      { type, subject: { kind: 'hold', id: holdId }, actor: reviewerActor(actor), at, reason: why, payload: { until: next, previousUntil: hold.until } },
    ]);
    return { ...hold, until: next };
  });
  return (await views(deps, [row]))[0]!;
}

export interface HoldQuery {
  caseId?: string | undefined;
  cybertipId?: string | undefined;
  sha256?: string | undefined;
  contentId?: string | undefined;
}

/** The holds on a case, a report, a media object or a content item (every status). */
export async function holdsOf(deps: VaultDeps, q: HoldQuery): Promise<HoldView[]> {
  if (q.caseId === undefined && q.cybertipId === undefined && q.sha256 === undefined && q.contentId === undefined) {
    throw invalid('name a case, a CyberTipline report, a media digest or a content item');
  }
  return views(deps, await findHolds(deps.store.db, { ...q, limit: MAX_ITEMS }));
}

/** Holds a page at a time, in id order, with their expiry. */
export async function listHolds(
  deps: VaultDeps,
  q: { status?: 'active' | 'purged' | undefined; afterId?: string | undefined; limit?: number | undefined } = {},
): Promise<{ holds: HoldView[]; nextAfterId: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  const rows = await findHolds(deps.store.db, { status: q.status, afterId: q.afterId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return { holds: await views(deps, page), nextAfterId: rows.length > limit ? page[page.length - 1]!.id : null };
}

function snapshotOf(found: NonNullable<Awaited<ReturnType<typeof contentForSnapshot>>>): ContentSnapshot {
  const c = found.content;
  return {
    format: 'vigie.preserved-content.v1',
    contentId: c.id,
    kind: c.kind,
    authorId: c.author_id,
    text: c.text,
    links: JSON.parse(c.links_json) as unknown,
    inReplyTo: c.in_reply_to,
    recipientId: c.recipient_id,
    createdAt: c.created_at,
    ingestedAt: c.ingested_at,
    status: c.status,
    media: found.media.map((m) => ({
      mediaId: m.media_id,
      sha256: m.sha256,
      md5: m.md5,
      size: Number(m.size),
      detectedType: m.detected_type,
      declaredType: m.declared_type,
    })),
  };
}

/** The digest a snapshot is stored under (for tests and callers that rebuild one). */
export function snapshotDigest(s: ContentSnapshot): string {
  return createHash('sha256').update(JSON.stringify(s), 'utf8').digest('hex');
}

async function views(deps: VaultDeps, rows: readonly HoldRow[]): Promise<HoldView[]> {
  const items = await itemsOfHolds(
    deps.store.db,
    rows.map((r) => r.id),
  );
  const now = deps.now().toISOString();
  return rows.map((r) => {
    const mine = items.filter((i) => i.hold_id === r.id);
    return {
      id: r.id,
      caseId: r.case_id,
      cybertipId: r.cybertip_id,
      accountId: r.account_id,
      reason: r.reason,
      placedAt: r.placed_at,
      placedBy: r.placed_by,
      until: r.until,
      status: r.status === 'purged' ? 'purged' : r.until <= now ? 'expired' : 'active',
      purgedAt: r.purged_at,
      sha256s: mine.filter((i) => i.kind === 'media').map((i) => i.ref),
      contentIds: mine.filter((i) => i.kind === 'content').map((i) => i.ref),
      snapshots: mine.filter((i) => i.kind === 'snapshot').map((i) => ({ contentId: i.content_id ?? '', sha256: i.ref })),
    };
  });
}

/**
 * Holds span platforms (a case, its account, media shared across them), so only a member
 * who sees every platform and holds `hold:manage` works with them.
 */
export function checkHoldManager(r: Reviewer): void {
  if (!may(r, 'hold:manage')) throw forbidden('your role does not manage preservation holds');
  if (r.platforms !== null) throw forbidden('preservation holds are managed by members who see every platform');
}
