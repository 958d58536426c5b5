// NCMEC hash-sharing responses as values, and what they mean for a bank.
//
// Shapes as described by python-threatexchange's client
// (python-threatexchange/threatexchange/exchanges/clients/ncmec/hash_api.py and its test
// data), which cites NCMEC's v2 documentation; we have not seen that document, so the
// details marked UNVERIFIED in docs/matching.md may differ from the live service.
//   <queryResult>
//     <images count=".." maxTimestamp="2017-10-24T15:10:00Z">
//       <image> <member id="42">Name</member> <timestamp>..</timestamp> <id>..</id>
//               <classification>A1</classification>
//               <fingerprints><md5>..</md5><sha1>..</sha1><pdq>..</pdq>...</fingerprints>
//       </image>
//       <deletedImage> <member id=".."/> <id>..</id> <timestamp>..</timestamp> </deletedImage>
//     </images>
//     <videos ...> <video>..</video> <deletedVideo>..</deletedVideo> </videos>
//     <paging><next>/v2/entries?from=..&amp;to=..&amp;start=2001&amp;size=1000&amp;max=3000</next></paging>
//   </queryResult>
// Large fingerprints (TMK_PDQF, VIDENTIFIER) come as empty elements with an href; they are
// not kept here. Tags starting with "deleted" are tombstones.

import { child, type XmlElement } from './xml.js';
import { EntryFolder, checkHash, type BankEntry, type HashType } from '../bank.js';

export interface NcmecMember {
  id: number;
  name: string;
}

export interface NcmecEntryUpdate {
  id: string;
  member: NcmecMember;
  kind: 'image' | 'video';
  deleted: boolean;
  timestamp?: string;
  classification?: string;
  /** Fingerprint type (lowercase tag name: md5, sha1, pdq, pdna, ...) to value. */
  fingerprints: Record<string, string>;
}

export interface NcmecEntriesPage {
  updates: NcmecEntryUpdate[];
  /** Latest of the containers' maxTimestamp attributes, if any. */
  maxTimestamp?: string;
  /** Path (relative to the environment's base URL) of the next page, if there is one. */
  next?: string;
  /** Entries that could not be read; the rest of the page is kept. */
  problems: string[];
}

export class NcmecFormatError extends Error {
  override name = 'NcmecFormatError';
}

function readMember(el: XmlElement | undefined, what: string): NcmecMember {
  const id = Number(el?.attributes.id);
  if (!el || !Number.isInteger(id)) throw new NcmecFormatError(`${what} has no member id`);
  return { id, name: el.text.trim() };
}

export function readStatus(root: XmlElement): NcmecMember {
  if (root.name !== 'status') throw new NcmecFormatError(`expected <status>, got <${root.name}>`);
  return readMember(child(root, 'member'), 'status');
}

export function readMembers(root: XmlElement): NcmecMember[] {
  return root.children.filter((c) => c.name === 'member').map((m) => readMember(m, 'members list'));
}

export function readEntriesPage(root: XmlElement): NcmecEntriesPage {
  if (root.name !== 'queryResult') throw new NcmecFormatError(`expected <queryResult>, got <${root.name}>`);
  const updates: NcmecEntryUpdate[] = [];
  const problems: string[] = [];
  let maxTimestamp: string | undefined;
  for (const container of root.children) {
    if (container.name !== 'images' && container.name !== 'videos') continue;
    const ts = container.attributes.maxTimestamp;
    if (ts && (!maxTimestamp || Date.parse(ts) > Date.parse(maxTimestamp))) maxTimestamp = ts;
    for (const el of container.children) {
      try {
        updates.push(readEntry(el));
      } catch (err) {
        problems.push(`<${el.name}> #${updates.length + problems.length + 1}: ${(err as Error).message}`);
      }
    }
  }
  const next = child(child(root, 'paging') ?? { name: '', attributes: {}, children: [], text: '' }, 'next')?.text.trim();
  const page: NcmecEntriesPage = { updates, problems };
  if (maxTimestamp) page.maxTimestamp = maxTimestamp;
  if (next) page.next = next;
  return page;
}

function readEntry(el: XmlElement): NcmecEntryUpdate {
  const tag = el.name.toLowerCase();
  const deleted = tag.startsWith('deleted');
  const kind = deleted ? tag.slice('deleted'.length) : tag;
  if (kind !== 'image' && kind !== 'video') throw new NcmecFormatError(`unknown entry type <${el.name}>`);
  const id = child(el, 'id')?.text.trim();
  if (!id) throw new NcmecFormatError('entry has no id');
  const update: NcmecEntryUpdate = { id, member: readMember(child(el, 'member'), 'entry'), kind, deleted, fingerprints: {} };
  const timestamp = child(el, 'timestamp')?.text.trim();
  if (timestamp) update.timestamp = timestamp;
  const classification = child(el, 'classification')?.text.trim();
  if (classification) update.classification = classification;
  for (const fp of child(el, 'fingerprints')?.children ?? []) {
    const value = fp.text.trim();
    if (value) update.fingerprints[fp.name.toLowerCase()] = value;
  }
  return update;
}

/** The key vigie gives an NCMEC entry: entry ids are only unique per member. */
export function ncmecSourceId(update: Pick<NcmecEntryUpdate, 'id' | 'member'>): string {
  return `${update.member.id}-${update.id}`;
}

export interface NcmecBankChanges {
  /** Entries to add or replace (keyed by sourceId). */
  upserts: BankEntry[];
  /** sourceIds whose entries are withdrawn: deleted at NCMEC, or now without this hash type. */
  removals: string[];
  /** Updates skipped, with the reason (bad fingerprint values). */
  issues: string[];
}

/**
 * What a page of updates means for a bank of one hash type. Later updates to the same
 * entry win (the API does not return entries in time order, so callers apply pages in
 * the order fetched and rely on this being idempotent).
 */
export function ncmecBankChanges(updates: readonly NcmecEntryUpdate[], hashType: HashType): NcmecBankChanges {
  const latest = new Map<string, NcmecEntryUpdate>();
  for (const u of updates) latest.set(ncmecSourceId(u), u);
  const folder = new EntryFolder();
  const removals: string[] = [];
  const issues: string[] = [];
  for (const [sourceId, u] of latest) {
    const value = u.fingerprints[hashType];
    if (u.deleted || value === undefined) {
      removals.push(sourceId);
      continue;
    }
    const checked = checkHash(hashType, value);
    if (!checked.ok) {
      issues.push(`entry ${sourceId}: ${checked.reason}`);
      removals.push(sourceId);
      continue;
    }
    const entry: BankEntry = { hash: checked.hash, sourceId, contributor: String(u.member.id) };
    if (u.classification) entry.label = u.classification;
    const extra: Record<string, string> = { kind: u.kind };
    if (u.timestamp) extra.timestamp = u.timestamp;
    entry.extra = extra;
    folder.add(entry);
  }
  return { upserts: folder.entries(), removals, issues };
}
