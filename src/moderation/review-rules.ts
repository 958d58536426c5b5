// The operator's review rules, as data: which queue a case goes to, and how a link a
// reporter pastes names an account or a post on a platform. Pure: the file is read and
// reloaded by services/cases/review-rules-file.ts.
import { z } from 'zod';

/** What a case is routed on: the facts of its opening. */
export interface CaseFacts {
  urgent: boolean;
  needs: 'reviewer' | 'senior-reviewer';
  /** The policy rule that opened it (auto.*, review.*, person.*), or "report" for a report. */
  rule: string;
  reported: boolean;
  subjectKind: 'account' | 'content' | 'conversation';
}

const QueueName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a queue name is lower-case letters, digits and hyphens');

const RouteRule = z.strictObject({
  queue: QueueName,
  /** Every condition given must hold; an empty `when` matches every case. */
  when: z.strictObject({
    urgent: z.boolean().optional(),
    needs: z.enum(['reviewer', 'senior-reviewer']).optional(),
    rulePrefix: z.string().min(1).max(100).optional(),
    reported: z.boolean().optional(),
    subjectKind: z.enum(['account', 'content', 'conversation']).optional(),
  }),
});
export type RouteRule = z.infer<typeof RouteRule>;

/** A link pattern: the platform's URL with {account} and/or {content} where the ids are. */
const LinkPattern = z
  .string()
  .min(8)
  .max(500)
  .refine((p) => /^https?:\/\//.test(p) && (p.includes('{account}') || p.includes('{content}')), 'a pattern is an http(s) URL holding {account} or {content}');

export const ReviewRulesFile = z.strictObject({
  queues: z.array(RouteRule).max(100).optional(),
  /** Per platform id, its link patterns, most specific first. */
  links: z.record(z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/), z.array(LinkPattern).max(50)).optional(),
});
export type ReviewRulesFile = z.infer<typeof ReviewRulesFile>;

/** The queue a case goes to when no rule matches. */
export const FALLBACK_QUEUE = 'general';

/**
 * The default routing: what cannot wait first (sextortion and threats), then what only a
 * senior may decide, known material, conversations, reports from people; the rest is general.
 */
export const DEFAULT_ROUTES: readonly RouteRule[] = [
  { queue: 'urgent', when: { urgent: true } },
  { queue: 'senior', when: { needs: 'senior-reviewer' } },
  { queue: 'known-material', when: { rulePrefix: 'auto.verified-bank' } },
  { queue: 'known-material', when: { rulePrefix: 'review.unverified-bank' } },
  { queue: 'known-material', when: { rulePrefix: 'review.distance-beyond-cut' } },
  { queue: 'conversations', when: { subjectKind: 'conversation' } },
  { queue: 'conversations', when: { rulePrefix: 'review.', subjectKind: 'account', reported: false } },
  { queue: 'conversations', when: { rulePrefix: 'review.text' } },
  { queue: 'user-reports', when: { reported: true } },
];

export function routeCase(facts: CaseFacts, rules: readonly RouteRule[] = DEFAULT_ROUTES): string {
  for (const r of rules) {
    const w = r.when;
    if (w.urgent !== undefined && w.urgent !== facts.urgent) continue;
    if (w.needs !== undefined && w.needs !== facts.needs) continue;
    if (w.rulePrefix !== undefined && !facts.rule.startsWith(w.rulePrefix)) continue;
    if (w.reported !== undefined && w.reported !== facts.reported) continue;
    if (w.subjectKind !== undefined && w.subjectKind !== facts.subjectKind) continue;
    return r.queue;
  }
  return FALLBACK_QUEUE;
}

export interface LinkTarget {
  account: string | null;
  content: string | null;
}

interface CompiledPattern {
  re: RegExp;
  names: ('account' | 'content')[];
}

/** Patterns compiled once: literal text escaped, each placeholder one path segment. */
export function compileLinkPatterns(patterns: readonly string[]): CompiledPattern[] {
  return patterns.map((p) => {
    const names: ('account' | 'content')[] = [];
    const source = p
      .split(/(\{account\}|\{content\})/)
      .map((part) => {
        if (part === '{account}' || part === '{content}') {
          names.push(part === '{account}' ? 'account' : 'content');
          return '([^/?#]{1,256})';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { re: new RegExp(`^${source}/?(?:[?#].*)?$`, 'i'), names };
  });
}

/** The account and content a link names, by the first pattern it fits; null when none fits. */
export function resolveLink(url: string, patterns: readonly CompiledPattern[]): LinkTarget | null {
  for (const p of patterns) {
    const m = p.re.exec(url);
    if (!m) continue;
    const out: LinkTarget = { account: null, content: null };
    p.names.forEach((name, i) => {
      let v = m[i + 1]!;
      try {
        v = decodeURIComponent(v);
      } catch {
        // Left as sent: a malformed escape is the reporter's, and the id lookup will just miss.
      }
      out[name] = v;
    });
    return out;
  }
  return null;
}
