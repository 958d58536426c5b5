// The operator rules file: versioned JSON, validated with Zod. See docs/text-and-links.md
// for the format with examples. Everything in it is matched against normalised text, so
// phrases are written naturally ("keep it secret") and normalised when the file loads.
import { z } from 'zod';
import { CLAUSE_IDS } from './clauses.js';
import { CONTEXTS } from './families.js';
import { caseOpeningSchema } from '../../policy/case-opening-rules.js';

export const RULES_FORMAT = 'vigie.text-rules';
export const RULES_VERSION = 1;

export interface Comparison {
  readonly lt?: number;
  readonly lte?: number;
  readonly gt?: number;
  readonly gte?: number;
}

export interface ConversationCondition {
  /** At least one of these families was seen earlier in the window, from the same sender. */
  readonly seen?: readonly string[];
  /** Distinct families from the sender in the window, this message included. */
  readonly familiesAtLeast?: number;
  /** Messages in the window before this one (small = early in the conversation). */
  readonly messagesAtMost?: number;
  readonly messagesAtLeast?: number;
  /** Share of the window's messages written by the sender (one-sided conversations). */
  readonly senderShareAtLeast?: number;
}

export type Condition =
  | { readonly phrases: readonly string[] }
  | { readonly terms: string }
  | { readonly pattern: string }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly near: readonly [Condition, Condition]; readonly within: number; readonly ordered?: boolean }
  | { readonly recipientIsMinor: boolean }
  | { readonly senderAccountAgeDays: Comparison }
  | { readonly senderNewContacts: Comparison }
  | { readonly conversation: ConversationCondition }
  | { readonly family: string | readonly string[] };

const comparison = z
  .strictObject({ lt: z.number().optional(), lte: z.number().optional(), gt: z.number().optional(), gte: z.number().optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'give at least one of lt, lte, gt, gte' });

const family = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a family is lower-case words joined by "-"');

const conversationCondition = z
  .strictObject({
    seen: z.array(family).min(1).optional(),
    familiesAtLeast: z.number().int().min(1).optional(),
    messagesAtMost: z.number().int().min(0).optional(),
    messagesAtLeast: z.number().int().min(0).optional(),
    senderShareAtLeast: z.number().min(0).max(1).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'give at least one conversation feature' });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ phrases: z.array(z.string().min(1).max(200)).min(1) }),
    z.strictObject({ terms: z.string().min(1) }),
    z.strictObject({ pattern: z.string().min(1).max(1000) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({
      near: z.tuple([conditionSchema, conditionSchema]),
      within: z.number().int().min(0).max(50),
      ordered: z.boolean().optional(),
    }),
    z.strictObject({ recipientIsMinor: z.boolean() }),
    z.strictObject({ senderAccountAgeDays: comparison }),
    z.strictObject({ senderNewContacts: comparison }),
    z.strictObject({ conversation: conversationCondition }),
    z.strictObject({ family: z.union([family, z.array(family).min(1)]) }),
  ]),
);

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a rule id is lower-case letters, digits, ".", "_" and "-"');
const lang = z.array(z.string().regex(/^[a-z]{2,3}$/, 'a language is an ISO 639 code such as "en" or "fr"')).min(1);

export const signalRuleSchema = z.strictObject({
  id: ruleId,
  description: z.string().optional(),
  family,
  clause: z.enum(CLAUSE_IDS),
  /** How much this finding alone should raise review priority, in (0, 1]. */
  strength: z.number().gt(0).max(1),
  lang: lang.optional(),
  when: conditionSchema,
});

export const contextRuleSchema = z.strictObject({
  id: ruleId,
  description: z.string().optional(),
  context: z.enum(CONTEXTS),
  /** Multiplies the strength of the message's text signals, in (0, 1). */
  factor: z.number().gt(0).lt(1),
  lang: lang.optional(),
  when: conditionSchema,
});

export const termListDeclSchema = z.strictObject({
  description: z.string().optional(),
  /** When true, a missing list is not an error: its rules simply never match. */
  optional: z.boolean().optional(),
  /** Terms written in the rules file itself (for small, non-sensitive lists). */
  terms: z.array(z.string()).optional(),
});

export const conversationSettingsSchema = z.strictObject({
  /** Messages kept in a conversation's window. */
  windowMessages: z.number().int().min(2).max(1000).optional(),
  /** Age of the oldest message kept, relative to the newest, in hours. */
  windowHours: z
    .number()
    .gt(0)
    .max(24 * 365)
    .optional(),
  /** How much faster risk rises when the recipient is a minor (an exponent, >= 1). */
  minorMultiplier: z.number().min(1).max(10).optional(),
  /** A conversation signal is emitted at or above this risk... */
  signalThreshold: z.number().gt(0).max(1).optional(),
  /** ...and with at least this many distinct families from the sender. */
  minFamilies: z.number().int().min(1).optional(),
});

export const rulesFileSchema = z.strictObject({
  format: z.literal(RULES_FORMAT),
  version: z.literal(RULES_VERSION),
  name: z.string().optional(),
  description: z.string().optional(),
  termLists: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), termListDeclSchema).optional(),
  conversation: conversationSettingsSchema.optional(),
  /** What opens a case for a person (src/policy/case-opening-rules.ts); defaults where left out. */
  caseOpening: caseOpeningSchema.optional(),
  rules: z.array(signalRuleSchema),
  contexts: z.array(contextRuleSchema).optional(),
});

export type SignalRule = z.infer<typeof signalRuleSchema>;
export type ContextRule = z.infer<typeof contextRuleSchema>;
export type RulesFile = z.infer<typeof rulesFileSchema>;
export type ConversationSettings = z.infer<typeof conversationSettingsSchema>;

export class RulesError extends Error {
  override readonly name = 'RulesError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid rules: ${problems.join('; ')}`);
  }
}

/** Validates a parsed JSON value as a rules file; throws RulesError listing every problem. */
export function parseRulesFile(value: unknown): RulesFile {
  if (typeof value === 'object' && value !== null && 'version' in value && value.version !== RULES_VERSION) {
    throw new RulesError([`unsupported rules file version ${JSON.stringify(value.version)} (this vigie reads version ${RULES_VERSION})`]);
  }
  const result = rulesFileSchema.safeParse(value);
  if (!result.success) {
    throw new RulesError(result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`));
  }
  return result.data;
}
