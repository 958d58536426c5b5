// The statement of reasons for a restriction (DSA Article 17), in the fields of the
// Commission's Transparency Database (Article 24(5); schema of 1 July 2025, see
// docs/statements.md). Pure: the facts of one restriction in, the statement out. It holds no
// personal data: no account or content id, no handle, nothing a person wrote; `puid` is the
// action id, which names an event of vigie's log and nothing else.
import { isViolationId, violation } from './policy.js';
import { CLAUSE_NOTICES } from './notices.js';
import type { Localized } from './types.js';

export const RESTRICTION_ACTIONS = ['remove_content', 'suspend_account', 'lock_account'] as const;
export type RestrictionAction = (typeof RESTRICTION_ACTIONS)[number];

export function isRestriction(action: string): action is RestrictionAction {
  return (RESTRICTION_ACTIONS as readonly string[]).includes(action);
}

/** The EU and EEA countries: where a platform's restriction applies unless the operator narrows it. */
export const EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT',
  'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const; // prettier-ignore

export type ContentType = 'CONTENT_TYPE_IMAGE' | 'CONTENT_TYPE_VIDEO' | 'CONTENT_TYPE_TEXT' | 'CONTENT_TYPE_SYNTHETIC_MEDIA' | 'CONTENT_TYPE_OTHER';

export interface RestrictionFacts {
  actionId: string;
  action: RestrictionAction;
  /** A suspension that does not end (the policy's are permanent). */
  permanent: boolean;
  clauses: readonly string[];
  /** Decided by vigie alone (a verified bank match, a trusted classifier), no person. */
  automatedDecision: boolean;
  /** Found by automated means (a hash, link, text or classifier signal) rather than only by a person's report. */
  automatedDetection: boolean;
  /** A report (an Article 16 notice) led to it; otherwise vigie acted on its own initiative. */
  reported: boolean;
  /** What the content concerned was: media types, text; empty when unknown (an account alone). */
  media: { images: boolean; videos: boolean; text: boolean };
  /** Computer-generated or drawn material (policy/material.ts), from the CyberTipline draft. */
  syntheticMaterial: boolean;
  /** When the content concerned was posted (or the restriction's day when unknown), and when the restriction applied. */
  contentDate: string;
  appliedAt: string;
  /** How it was found, for the transparency figures: bank, link, text, conversation, classifier, report. */
  sources?: string[];
  /** When it was first detected or reported (the start of time-to-action); null when unknown. */
  detectedAt?: string | null;
}

export interface StatementSettings {
  territorialScope: readonly string[];
  /** The national provision for illegal content, e.g. "Code pénal, art. 227-23 (France)". */
  illegalContentLegalGround: string;
  /** Where the platform publishes its rules, for decision_ground_reference_url. */
  policyUrl?: string | undefined;
}

/** A statement as the Transparency Database's API takes it; absent fields are left out. */
export interface DsaStatement {
  puid: string;
  decision_visibility?: string[];
  decision_account?: string;
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT' | 'DECISION_GROUND_INCOMPATIBLE_CONTENT';
  decision_ground_reference_url?: string;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: 'Yes' | 'No';
  decision_facts: string;
  content_type: ContentType[];
  content_type_other?: string;
  category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS';
  category_specification: string[];
  category_specification_other?: string;
  territorial_scope: string[];
  content_date: string;
  application_date: string;
  source_type: 'SOURCE_ARTICLE_16' | 'SOURCE_VOLUNTARY';
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_FULLY' | 'AUTOMATED_DECISION_NOT_AUTOMATED';
}

// Clauses about material itself are illegal content nearly everywhere (the operator names the
// national provision); behaviours are decided under the platform's terms, most also illegal.
const GROOMING = new Set(['behaviour.explicit-conversation', 'behaviour.sextortion', 'behaviour.grooming', 'behaviour.explicit-media-to-minor']);
const TRAFFICKING = new Set(['behaviour.commercial-exploitation']);

export function statementOfReasons(f: RestrictionFacts, s: StatementSettings): DsaStatement {
  const violations = f.clauses.filter(isViolationId);
  const material = violations.some((id) => violation(id).material === true);
  const keywords = new Set<string>();
  for (const id of violations) {
    if (violation(id).material === true)
      keywords.add(f.syntheticMaterial ? 'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE' : 'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL');
    else if (GROOMING.has(id)) keywords.add('KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS');
    else if (TRAFFICKING.has(id)) keywords.add('KEYWORD_HUMAN_TRAFFICKING');
    else keywords.add('KEYWORD_OTHER');
  }
  if (keywords.size === 0) keywords.add('KEYWORD_OTHER');
  const titles = violations.map((id) => violation(id).title.en).join('; ');
  const explanation = clip(violations.map((id) => violation(id).summary.en).join(' '), 2000);
  const ground: Partial<DsaStatement> = material
    ? {
        decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: clip(s.illegalContentLegalGround, 500),
        illegal_content_explanation: explanation,
      }
    : {
        decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
        incompatible_content_ground: clip(`Child sexual exploitation policy: ${titles || 'violation'}`, 500),
        incompatible_content_explanation: explanation || 'A violation of the child sexual exploitation policy.',
        incompatible_content_illegal: 'Yes',
      };
  const types = contentTypes(f);
  const statement: DsaStatement = {
    puid: f.actionId,
    ...measure(f),
    ...(ground as Pick<DsaStatement, 'decision_ground'>),
    ...(s.policyUrl ? { decision_ground_reference_url: clip(s.policyUrl, 500) } : {}),
    decision_facts: clip(facts(f, violations), 5000),
    content_type: types,
    ...(types.includes('CONTENT_TYPE_OTHER') ? { content_type_other: 'account' } : {}),
    category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
    category_specification: [...keywords].sort(),
    ...(keywords.has('KEYWORD_OTHER') ? { category_specification_other: clip(titles || 'child sexual exploitation', 500) } : {}),
    territorial_scope: [...s.territorialScope],
    content_date: f.contentDate.slice(0, 10),
    application_date: f.appliedAt.slice(0, 10),
    source_type: f.reported ? 'SOURCE_ARTICLE_16' : 'SOURCE_VOLUNTARY',
    automated_detection: f.automatedDetection ? 'Yes' : 'No',
    automated_decision: f.automatedDecision ? 'AUTOMATED_DECISION_FULLY' : 'AUTOMATED_DECISION_NOT_AUTOMATED',
  };
  return statement;
}

function measure(f: RestrictionFacts): Pick<DsaStatement, 'decision_visibility' | 'decision_account'> {
  switch (f.action) {
    case 'remove_content':
      return { decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'] };
    case 'suspend_account':
      return { decision_account: f.permanent ? 'DECISION_ACCOUNT_TERMINATED' : 'DECISION_ACCOUNT_SUSPENDED' };
    case 'lock_account':
      return { decision_account: 'DECISION_ACCOUNT_SUSPENDED' };
  }
}

function contentTypes(f: RestrictionFacts): ContentType[] {
  const out: ContentType[] = [];
  if (f.media.images) out.push(f.syntheticMaterial ? 'CONTENT_TYPE_SYNTHETIC_MEDIA' : 'CONTENT_TYPE_IMAGE');
  if (f.media.videos) out.push('CONTENT_TYPE_VIDEO');
  if (f.media.text) out.push('CONTENT_TYPE_TEXT');
  return out.length > 0 ? [...new Set(out)] : ['CONTENT_TYPE_OTHER'];
}

/** The facts and circumstances, in general terms: how it was found, who decided, under which clauses. */
function facts(f: RestrictionFacts, violations: readonly string[]): string {
  const what = {
    remove_content: 'The content was removed',
    suspend_account: f.permanent ? 'The account was permanently suspended' : 'The account was suspended',
    lock_account: 'The account was locked until the listed content is deleted',
  }[f.action];
  const found = f.reported
    ? f.automatedDetection
      ? 'after a notice from a user and automated detection'
      : 'after a notice from a user'
    : 'after automated detection on the provider’s own initiative';
  const who = f.automatedDecision ? 'The decision was taken by automated means.' : 'The decision was taken by a trained reviewer.';
  const under =
    violations.length > 0 ? ` under the child sexual exploitation policy (${violations.join(', ')})` : ' under the child sexual exploitation policy';
  return `${what} ${found}${under}. ${who}`;
}

/** What the person is told, in their language, where notice is allowed: one plain sentence per clause. */
export function clauseSentences(clauses: readonly string[]): Localized[] {
  return clauses.filter(isViolationId).map((id) => CLAUSE_NOTICES[id]);
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
