// The shapes of the API answers the console reads (docs/api.md is the reference).

export type Permission = string;

export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
  platforms: string[] | null;
}

export interface Session {
  staff: Staff;
  permissions: Permission[];
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
}

export interface QueueSummary {
  queue: string;
  open: number;
  claimed: number;
  oldestOpenedAt: string | null;
}

export interface CaseSummary {
  id: string;
  subject: { kind: string; id: string; platform: string };
  status: string;
  queue: string;
  priority: number;
  assigneeId: string | null;
  leaseUntil: string | null;
  escalatedTo: string | null;
  pendingSenior: boolean;
  openedAt: string;
  updatedAt: string;
}

export interface MediaItem {
  id: string;
  sha256: string;
  type: string;
  size?: number;
  /** The uploader's name for the file: untrusted text, shown as text only. */
  originalFileName?: string | null;
}

export interface Span {
  start: number;
  end: number;
  rule: string;
}

export interface Subject {
  kind: 'content' | 'account' | 'conversation' | string;
  id: string;
  platform: string;
  authorId?: string;
  handle?: string | null;
  text?: string | null;
  links?: string[];
  media?: MediaItem[];
  state?: string;
  receivedAt?: string;
  participants?: string[];
  messages?: { contentId: string; authorId: string; text: string | null; at: string; spans: Span[] }[];
}

export interface Signal {
  source: string;
  signal?: string;
  detector?: string;
  clause?: string | null;
  at: string;
  evidence: Record<string, unknown>;
}

export interface CaseReport {
  id: string;
  reason: string;
  text: string | null;
  links: string[];
  reporterKind: string;
  at: string;
  reporter?: { kind: string; trackRecord?: { filed: number; actioned: number; dismissed: number } };
}

export interface HistoryEntry {
  seq: number;
  type: string;
  actor: { kind: string; id: string | null };
  at: string;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface AccountFacts {
  id: string;
  state: string;
  earlierDecisions?: { caseId: string; clauses: string[]; outcome: string; at: string }[];
  handle?: string | null;
  locks?: { at: string; contentIds: string[]; active: boolean }[];
  linkedAccounts?: { id: string; state: string; via: string; kinds: string[]; strength?: number }[];
}

export interface CaseDetail {
  case: CaseSummary;
  reports: CaseReport[];
  history: HistoryEntry[];
  subject?: Subject;
  signals?: Signal[];
  account?: AccountFacts | null;
  canDecide?: boolean;
  canReveal?: boolean;
  /** The decision may carry NCMEC industry classifications (the operator set VIGIE_NCMEC_INDUSTRY_MOU). */
  industryClassification?: boolean;
  youHold?: boolean;
}

export interface Clause {
  id: string;
  kind: 'scope' | 'violation' | 'non-violation' | 'exception' | 'consequence' | 'reporting';
  title: { fr: string; en: string };
  summary: { fr: string; en: string };
  material?: boolean;
  reportToNcmec?: boolean;
  covers?: string[];
}

export interface Policy {
  version: string;
  clauses: Clause[];
}

export interface Finding {
  clauses: string[];
  malicious: boolean | null;
  exception?: string | null;
  /** SHA-256 → A1, A2, B1 or B2. */
  industryClassifications?: Record<string, IndustryClass>;
}

export const INDUSTRY_CLASSES = ['A1', 'A2', 'B1', 'B2'] as const;
export type IndustryClass = (typeof INDUSTRY_CLASSES)[number];

export interface DecisionAnswer {
  caseId: string;
  outcome: string;
  clauses: string[];
  intent: string;
  exception: string | null;
  actions: { kind: string; accountId: string | null; contentIds: string[]; url?: string; country?: string }[];
  pendingSenior: boolean;
}

export interface ReviewerSettings {
  blurSigma: number;
  greyscale: boolean;
  autoplayMuted: boolean;
  textCollapsed: boolean;
  breakEveryMinutes: number;
  language?: 'fr' | 'en' | null;
}
