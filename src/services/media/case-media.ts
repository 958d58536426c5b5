// Media for reviewers, safe by default (docs/wellness.md). Only the items of a case's subject
// are served, and only through the case: a blurred preview to anyone who works cases; the
// item unblurred only to a reviewer who may reveal media and revealed this very item in
// this case first. A reveal is a deliberate act on one item, written to the log on the case
// as media.revealed (the CyberTipline report later says a file was viewed only if it was).
import type { Store } from '../../store/store.js';
import { caseById } from '../../store/cases.js';
import { caseEventsOfTypes, type MediaRow } from '../../store/case-console.js';
import { externalId } from '../../moderation/platform-ids.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { caseMedia } from '../cases/case-subject.js';
import { may, reviewerActor, visibleCase, type Reviewer } from '../cases/reviewer.js';
import { reviewerSettings } from '../reviewers/reviewer-settings.js';
import { PREVIEW_EDGE, REVEALED_EDGE, picture, type PreviewLimits } from './preview.js';

export interface CaseMediaDeps {
  store: Store;
  /** The stored bytes, checked against their digest. */
  media: { read(sha256: string): Promise<Buffer> };
  limits: PreviewLimits;
  now(): Date;
}

export interface MediaAnswer {
  bytes: Buffer;
  type: string;
}

async function itemOf(deps: CaseMediaDeps, r: Reviewer, caseId: string, sha256: string): Promise<MediaRow> {
  const c = visibleCase(r, await caseById(deps.store.db, caseId), caseId);
  const row = (await caseMedia(deps.store.db, c)).find((m) => m.sha256 === sha256);
  if (!row) throw notFound('no such media item in this case');
  return row;
}

async function bytesOf(deps: CaseMediaDeps, sha256: string): Promise<Buffer> {
  try {
    return await deps.media.read(sha256);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('this media item is not stored (it may have been erased)');
    // Bytes altered since they were stored (they no longer match their digest) are never shown.
    if (err instanceof Error && err.name === 'MediaIntegrityError')
      throw conflict('the stored file does not match its digest: it is not shown (tell your operator)');
    throw err;
  }
}

/** The blurred preview, as the caller's settings say (never less blurred than the admin's floor). */
export async function mediaPreview(deps: CaseMediaDeps, r: Reviewer, caseId: string, sha256: string): Promise<MediaAnswer> {
  if (!may(r, 'queue:read')) throw forbidden('your role does not work cases');
  await itemOf(deps, r, caseId, sha256);
  const settings = await reviewerSettings(deps.store.db, r.id);
  return picture(await bytesOf(deps, sha256), { blurSigma: settings.blurSigma, greyscale: settings.greyscale, edge: PREVIEW_EDGE }, deps.limits);
}

export async function hasRevealed(deps: Pick<CaseMediaDeps, 'store'>, r: Reviewer, caseId: string, sha256: string): Promise<boolean> {
  const reveals = await caseEventsOfTypes(deps.store.db, [caseId], ['media.revealed']);
  return reveals.some((e) => e.actor_id === r.id && (JSON.parse(e.payload_json) as { sha256?: string }).sha256 === sha256);
}

/** Writes the reveal on the case (once per reviewer and item: revealing again changes nothing). */
export async function revealMedia(
  deps: CaseMediaDeps,
  r: Reviewer,
  caseId: string,
  sha256: string,
): Promise<{ revealed: true; contentId: string; mediaId: string }> {
  if (!may(r, 'media:reveal')) throw forbidden('your role does not reveal media');
  const row = await itemOf(deps, r, caseId, sha256);
  if (!(await hasRevealed(deps, r, caseId, sha256))) {
    await deps.store.write(async (w) => {
      await w.append([
        {
          type: 'media.revealed',
          subject: { kind: 'case', id: caseId },
          actor: reviewerActor(r),
          at: deps.now().toISOString(),
          reason: null,
          payload: { sha256, contentId: row.content_id, mediaId: row.media_id },
        },
      ]);
    });
  }
  return { revealed: true, contentId: externalId(row.content_id), mediaId: row.media_id };
}

/**
 * The item unblurred, after this reviewer revealed it in this case: an image scaled to at
 * most 2048 pixels (greyscale as their settings say); a video as stored, for the browser to
 * play muted and greyscale as the settings say.
 */
export async function revealedMedia(deps: CaseMediaDeps, r: Reviewer, caseId: string, sha256: string): Promise<MediaAnswer> {
  if (!may(r, 'media:reveal')) throw forbidden('your role does not reveal media');
  const row = await itemOf(deps, r, caseId, sha256);
  if (!(await hasRevealed(deps, r, caseId, sha256))) throw forbidden('reveal this item first (POST …/reveal): it is shown unblurred only after a reveal');
  const bytes = await bytesOf(deps, sha256);
  if (row.detected_type.startsWith('video/')) return { bytes, type: row.detected_type };
  const settings = await reviewerSettings(deps.store.db, r.id);
  return picture(bytes, { blurSigma: 0, greyscale: settings.greyscale, edge: REVEALED_EDGE }, deps.limits);
}
