// What a case is about, as the console shows it: a post with its text, links and media; an
// account with the items that made its case; or a conversation with the messages that made
// it and, in each, the spans the text rules fired on. Ids are the platform's own.
import type { Tx } from '../../store/transaction.js';
import { contentRows, mediaOfContent, type ContentRow, type MediaRow } from '../../store/case-console.js';
import { accountState } from '../../store/subject-states.js';
import { caseEventsOfTypes } from '../../store/case-console.js';
import type { CaseState } from '../../moderation/folds/case.js';
import type { ContentState } from '../../moderation/folds/content.js';
import { externalId, platformOf } from '../../moderation/platform-ids.js';

export interface MediaView {
  id: string;
  sha256: string;
  type: string;
  size: number;
  /** The uploader's name for the file, as the platform gave it (untrusted text), or null. */
  originalFileName: string | null;
}

export interface ItemView {
  id: string;
  /** post, direct_message, profile_field */
  contentKind: string;
  authorId: string;
  recipientId: string | null;
  text: string | null;
  links: string[];
  media: MediaView[];
  state: string;
  createdAt: string;
  receivedAt: string;
}

export interface Span {
  start: number;
  end: number;
  /** The text rule that fired (the family's name when several of its rules did). */
  rule: string;
  family: string;
}

export type SubjectView =
  | ({ kind: 'content'; platform: string } & ItemView)
  | { kind: 'content'; id: string; platform: string; state: 'not-received' }
  | {
      kind: 'account';
      id: string;
      platform: string;
      handle: string | null;
      state: string;
      minor: boolean | null;
      registeredAt: string | null;
      /** The items that made the case or joined it. */
      items: ItemView[];
    }
  | {
      kind: 'conversation';
      id: string;
      platform: string;
      participants: string[];
      messages: { contentId: string; authorId: string; recipientId: string | null; text: string | null; at: string; media: MediaView[]; spans: Span[] }[];
    };

/** Internal ids of the items a case is about: its subject's, then those that made it or joined it. */
export function caseContentIds(c: CaseState): string[] {
  const ids = c.subjectKind === 'content' ? [c.subjectId] : [];
  for (const id of c.contentIds) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The media a reviewer may be shown for this case: those of the items it is about. */
export async function caseMedia(db: Tx, c: CaseState): Promise<MediaRow[]> {
  return mediaOfContent(db, caseContentIds(c));
}

export async function subjectView(db: Tx, c: CaseState, ruleOf: (contentId: string, family: string) => string): Promise<SubjectView> {
  const platform = platformOf(c.subjectId);
  const ids = caseContentIds(c);
  const rows = new Map((await contentRows(db, ids)).map((r) => [r.id, r]));
  const media = await mediaOfContent(db, ids);
  const item = (row: ContentRow): ItemView => itemView(row, media);
  if (c.subjectKind === 'content') {
    const row = rows.get(c.subjectId);
    if (!row) return { kind: 'content', id: externalId(c.subjectId), platform, state: 'not-received' };
    return { kind: 'content', platform, ...item(row) };
  }
  if (c.subjectKind === 'account') {
    const account = await accountState(db, c.subjectId);
    return {
      kind: 'account',
      id: externalId(c.subjectId),
      platform,
      handle: account?.handle ?? null,
      state: account?.status ?? 'unknown',
      minor: account?.minor ?? null,
      registeredAt: account?.registeredAt ?? null,
      items: ids.flatMap((id) => (rows.has(id) ? [item(rows.get(id)!)] : [])),
    };
  }
  const spans = await caseSpans(db, c.id);
  const messages = ids.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    const v = item(row);
    const found: Span[] = [];
    for (const [family, list] of Object.entries(spans.get(id) ?? {}))
      for (const [start, end] of list) found.push({ start, end, family, rule: ruleOf(id, family) });
    found.sort((a, b) => a.start - b.start || a.end - b.end);
    return [{ contentId: v.id, authorId: v.authorId, recipientId: v.recipientId, text: v.text, at: v.createdAt, media: v.media, spans: found }];
  });
  messages.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const participants: string[] = [];
  for (const m of messages) for (const p of [m.authorId, m.recipientId]) if (p !== null && !participants.includes(p)) participants.push(p);
  return { kind: 'conversation', id: conversationId(c.subjectId, platform), platform, participants, messages };
}

function itemView(row: ContentRow, media: readonly MediaRow[]): ItemView {
  const state = JSON.parse(row.state_json) as ContentState;
  return {
    id: externalId(row.id),
    contentKind: row.kind,
    authorId: externalId(row.author_id),
    recipientId: row.recipient_id === null ? null : externalId(row.recipient_id),
    text: row.text,
    links: JSON.parse(row.links_json) as string[],
    media: media
      .filter((m) => m.content_id === row.id)
      .map((m) => ({ id: m.media_id, sha256: m.sha256, type: m.detected_type, size: m.size, originalFileName: m.original_file_name })),
    state: state.status,
    createdAt: row.created_at,
    receivedAt: row.ingested_at,
  };
}

/** Where each message said what made the case: the spans of case.opened and case.joined, by item and family. */
async function caseSpans(db: Tx, caseId: string): Promise<Map<string, Record<string, [number, number][]>>> {
  const out = new Map<string, Record<string, [number, number][]>>();
  for (const e of await caseEventsOfTypes(db, [caseId], ['case.opened', 'case.joined'])) {
    const p = JSON.parse(e.payload_json) as { items?: { contentId: string; spans: Record<string, [number, number][]> }[] };
    for (const it of p.items ?? []) {
      const into = out.get(it.contentId) ?? {};
      for (const [family, list] of Object.entries(it.spans)) {
        const have = (into[family] ??= []);
        for (const s of list) if (!have.some(([a, b]) => a === s[0] && b === s[1])) have.push([s[0], s[1]]);
      }
      out.set(it.contentId, into);
    }
  }
  return out;
}

/** A conversation's key names two accounts, each with the platform's prefix: shown without it. */
function conversationId(key: string, platform: string): string {
  return platform === 'default' ? key : key.split(platform + '\u001f').join('');
}
