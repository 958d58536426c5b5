// Reads detector findings into the few kinds the policy tells apart. The input is the shape
// ingest records (moderation/ingest.ts IngestSignal), restated here structurally so that the
// policy depends on nothing outside itself.
//
// Recognised shapes:
// - signal "known-material": a media hash matched a bank; evidence.verified, evidence.label,
//   evidence.distance, evidence.hashType, evidence.bankName, evidence.mediaId;
// - signal "link-bank" or source "link": a link matched a URL bank; evidence.verified,
//   evidence.url, evidence.bank (or bankName), evidence.hostingCountry when known;
// - source "text" or "conversation": a text rule; evidence.urgent marks the sextortion
//   families the text engine flags;
// - signal "classifier" or a source starting with "classifier": a classifier score;
//   evidence.acts marks one the operator trusts to act (services/classifiers sets it from
//   configuration), evidence.materialNature a computer-generated or drawn image;
// - a bank match whose evidence.bankSource is "take-it-down" comes from NCMEC's Take It Down
//   list (images a minor asked to have taken down), handled apart (decide-automatic.ts);
// - anything else is kept as "other" and only ever asks for review.
//
// A bank counts as verified only when the evidence says `verified: true`: a missing or
// malformed flag sends the match to a person rather than acting on it.
import { isViolationId } from './policy.js';
import type { ViolationId } from './violations.js';
import { materialNatures, type MaterialNature } from './material.js';

/** The bank source kind of NCMEC's Take It Down hash list (match/bank.ts). */
export const TAKE_IT_DOWN_SOURCE = 'take-it-down';

/** The text engine's own cut for its urgent flag (detect/text/engine.ts). */
const URGENT_MIN_STRENGTH = 0.3;

export interface SignalInput {
  readonly signal: string;
  readonly source: string;
  readonly strength: number;
  readonly clause: string | null;
  readonly evidence: { readonly [key: string]: unknown };
}

export interface BankMatch {
  readonly type: 'bank-match';
  readonly target: 'media' | 'link';
  readonly bank: string;
  readonly verified: boolean;
  readonly label: string | null;
  /** Hamming distance for PDQ; 0 for exact digests; null when the evidence does not say. */
  readonly distance: number | null;
  readonly hashType: string | null;
  readonly mediaId: string | null;
  readonly url: string | null;
  /** ISO 3166 alpha-2 code of the country hosting a linked page, when someone found it. */
  readonly hostingCountry: string | null;
  readonly clause: ViolationId | null;
  readonly strength: number;
  /** The bank is a Take It Down list (docs/take-it-down.md). */
  readonly takeItDown: boolean;
}

export interface TextFinding {
  readonly type: 'text';
  readonly clause: ViolationId | null;
  readonly strength: number;
  readonly urgent: boolean;
}

export interface ClassifierScore {
  readonly type: 'classifier';
  readonly source: string;
  readonly clause: ViolationId | null;
  readonly strength: number;
  /** The operator trusts this classifier to act, and its score reached their cut. */
  readonly acts: boolean;
  readonly materialNature: readonly MaterialNature[];
}

export interface OtherSignal {
  readonly type: 'other';
  readonly signal: string;
  readonly source: string;
  readonly clause: ViolationId | null;
  readonly strength: number;
}

export type PolicySignal = BankMatch | TextFinding | ClassifierScore | OtherSignal;

export function readSignal(s: SignalInput): PolicySignal {
  const clause = s.clause !== null && isViolationId(s.clause) ? s.clause : null;
  const strength = Number.isFinite(s.strength) ? Math.min(1, Math.max(0, s.strength)) : 0;
  const ev = s.evidence;
  if (s.signal === 'known-material' || s.signal === 'link-bank' || s.source === 'link') {
    const target = s.signal === 'known-material' ? 'media' : 'link';
    return {
      type: 'bank-match',
      target,
      bank: text(ev.bankName) ?? text(ev.bank) ?? s.source.replace(/^bank:/, ''),
      verified: ev.verified === true,
      label: text(ev.label),
      distance: typeof ev.distance === 'number' && Number.isFinite(ev.distance) ? ev.distance : null,
      hashType: text(ev.hashType),
      mediaId: text(ev.mediaId),
      url: text(ev.url),
      hostingCountry: countryCode(ev.hostingCountry),
      clause: clause ?? (target === 'media' ? 'content.visual-depiction' : 'content.link-to-material'),
      strength,
      takeItDown: ev.bankSource === TAKE_IT_DOWN_SOURCE,
    };
  }
  if (s.source === 'text' || s.source === 'conversation') {
    // A sextortion finding that context has dampened (news, prevention advice) is not urgent.
    const urgent = ev.urgent === true || (clause === 'behaviour.sextortion' && strength >= URGENT_MIN_STRENGTH);
    return { type: 'text', clause, strength, urgent };
  }
  if (s.signal === 'classifier' || s.source.startsWith('classifier')) {
    return { type: 'classifier', source: s.source, clause, strength, acts: ev.acts === true, materialNature: materialNatures(ev.materialNature) };
  }
  return { type: 'other', signal: s.signal, source: s.source, clause, strength };
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function countryCode(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : null;
}
