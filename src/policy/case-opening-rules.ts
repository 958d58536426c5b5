// The case-opening policy as data: for each context (who writes to whom) and each signal
// family, whether a finding is only recorded, raises the priority of a case already open,
// or opens a case, and from which strength. The accumulated risk of a conversation is the
// pseudo-family "conversation". Operators change any cell in the rules file (section
// "caseOpening"); what they leave out keeps the defaults below, whose reasons are in
// docs/case-opening.md.
import { z } from 'zod';
import { REVIEW_CONTEXTS, type ReviewContext } from './ages.js';

export const CASE_ACTIONS = ['record', 'raise', 'open'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface Cell {
  readonly action: CaseAction;
  /** The strength (or accumulated risk) from which the action applies; below it, record. */
  readonly from?: number;
  /** For "conversation": the distinct families the sender must have shown as well. */
  readonly families?: number;
}

/** Per family, with "*" for families not named and "conversation" for the accumulated risk. */
export type ContextCells = Readonly<Record<string, Cell>>;

export interface AccumulationSettings {
  /** A showing loses half its weight after this many hours (escalation is judged over days, not months). */
  readonly halfLifeHours: number;
  /** Exponent on the kept share when a minor is written to: risk rises faster toward children. */
  readonly minorExponent: number;
  /** A family shown again in another message adds this share of its strength. */
  readonly repeatWeight: number;
  /** Extra weight when a late stage (requests, meetings, threats) follows an early one. */
  readonly orderBonus: number;
}

export interface SenderSettings {
  /** A case on the sender opens when this many conversations with different minors... */
  readonly minMinors: number;
  /** ...each reach this accumulated risk. */
  readonly minRisk: number;
}

export interface CaseOpeningPolicy {
  readonly accumulation: AccumulationSettings;
  readonly sender: SenderSettings;
  readonly contexts: Readonly<Record<ReviewContext, ContextCells>>;
}

const family = z.string().regex(/^([a-z][a-z0-9-]*|\*)$/, 'a family is lower-case words joined by "-", or "*"');
const cell = z.strictObject({
  action: z.enum(CASE_ACTIONS),
  from: z.number().gt(0).max(1).optional(),
  families: z.number().int().min(1).max(20).optional(),
});

export const caseOpeningSchema = z.strictObject({
  accumulation: z
    .strictObject({
      halfLifeHours: z
        .number()
        .gt(0)
        .max(24 * 365)
        .optional(),
      minorExponent: z.number().min(1).max(10).optional(),
      repeatWeight: z.number().min(0).max(1).optional(),
      orderBonus: z.number().min(0).lt(1).optional(),
    })
    .optional(),
  sender: z.strictObject({ minMinors: z.number().int().min(2).max(100).optional(), minRisk: z.number().gt(0).max(1).optional() }).optional(),
  contexts: z.partialRecord(z.enum(REVIEW_CONTEXTS), z.record(family, cell)).optional(),
});
export type CaseOpeningSection = z.infer<typeof caseOpeningSchema>;

const GROOMING = ['age-probing', 'risk-assessment', 'secrecy', 'isolation', 'platform-migration', 'image-request', 'meeting', 'gift-offer', 'mass-outreach'];
/** Families that only operator term lists feed; each is a violation in its own words. */
const VOCABULARY = ['solicitation', 'commercial-exploitation', 'sexualised-comment', 'normalise-attraction', 'encourage-cse', 'identify-victim'];

const each = (families: readonly string[], c: Cell): Record<string, Cell> => Object.fromEntries(families.map((f) => [f, c]));
const RECORD: Cell = { action: 'record' };
const RAISE: Cell = { action: 'raise' };
const vocabulary = each(VOCABULARY, { action: 'open', from: 0.5 });

export const DEFAULT_CASE_OPENING: CaseOpeningPolicy = {
  accumulation: { halfLifeHours: 24 * 7, minorExponent: 2, repeatWeight: 0.25, orderBonus: 0.2 },
  sender: { minMinors: 2, minRisk: 0.5 },
  contexts: {
    public: { '*': RECORD, ...vocabulary },
    adults: { '*': RECORD, ...vocabulary, 'explicit-conversation': RECORD, conversation: RECORD },
    'adult-to-minor': {
      '*': RAISE,
      ...each(GROOMING, RAISE),
      ...vocabulary,
      solicitation: { action: 'open', from: 0.5 },
      'explicit-conversation': { action: 'open', from: 0.5 },
      'sextortion-threat': { action: 'open', from: 0.3 },
      'payment-demand': { action: 'open', from: 0.85 },
      conversation: { action: 'open', from: 0.9, families: 3 },
    },
    'to-minor': {
      '*': RAISE,
      ...vocabulary,
      'explicit-conversation': { action: 'open', from: 0.5 },
      'sextortion-threat': { action: 'open', from: 0.3 },
      'payment-demand': { action: 'open', from: 0.85 },
      conversation: { action: 'open', from: 0.9, families: 3 },
    },
    'minor-to-minor': {
      '*': RECORD,
      ...vocabulary,
      'explicit-conversation': RAISE,
      'sextortion-threat': { action: 'open', from: 0.7 },
      'payment-demand': RAISE,
      conversation: { action: 'open', from: 0.97, families: 4 },
    },
    'minor-to-adult': { '*': RECORD, ...vocabulary, 'sextortion-threat': { action: 'open', from: 0.7 }, conversation: RECORD },
    'unknown-age': {
      '*': RECORD,
      ...vocabulary,
      'sextortion-threat': { action: 'open', from: 0.7 },
      'payment-demand': RAISE,
      conversation: { action: 'open', from: 0.95, families: 3 },
    },
  },
};

/** The defaults with an operator's section laid over them, cell by cell. */
export function caseOpeningPolicy(section: CaseOpeningSection | undefined): CaseOpeningPolicy {
  if (!section) return DEFAULT_CASE_OPENING;
  const d = DEFAULT_CASE_OPENING;
  const contexts = { ...d.contexts } as Record<ReviewContext, ContextCells>;
  for (const [ctx, cells] of Object.entries(section.contexts ?? {}) as [ReviewContext, Record<string, Cell>][]) {
    contexts[ctx] = { ...d.contexts[ctx], ...cells };
  }
  return {
    accumulation: { ...d.accumulation, ...definedOnly(section.accumulation) },
    sender: { ...d.sender, ...definedOnly(section.sender) },
    contexts,
  };
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The cell for a family in a context: the family's own, else "*", else record. */
export function cellFor(policy: CaseOpeningPolicy, context: ReviewContext, family: string): Cell {
  const cells = policy.contexts[context];
  return cells[family] ?? (family === 'conversation' ? RECORD : (cells['*'] ?? RECORD));
}
