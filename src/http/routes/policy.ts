// GET /v1/policy: the policy as data, public and without authentication, so that platforms,
// users and researchers read the same clauses the engine decides by.
import { z } from 'zod';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { CLAUSES, POLICY_SOURCE, POLICY_VERSION, RULES, RULE_IDS, type Clause } from '../../policy/index.js';

const Localized = z.object({ fr: z.string(), en: z.string() });

const ClauseOut = z.object({
  id: z.string(),
  kind: z.enum(['scope', 'violation', 'non-violation', 'exception', 'consequence', 'reporting']),
  title: Localized,
  summary: Localized,
  category: z.enum(['content', 'behaviour']).optional().describe('Violations only'),
  material: z.boolean().optional().describe('Violations only: the clause is about material, removed without notice whatever the intent'),
  reportToNcmec: z.boolean().optional().describe('Violations only: reported to the NCMEC CyberTipline by default'),
  covers: z.array(z.string()).optional().describe('Exceptions only: the violations an exception can lift'),
  actions: z.array(z.string()).optional().describe('Consequences only: the action kinds that carry it out'),
});

const PolicyOut = z.object({
  version: z.string(),
  source: Localized,
  clauses: z.array(ClauseOut),
  rules: z.array(z.object({ id: z.string(), text: Localized })),
});

// The answer only changes with a release, so it is built once.
const BODY: z.infer<typeof PolicyOut> = {
  version: POLICY_VERSION,
  source: POLICY_SOURCE,
  clauses: CLAUSES.map(clauseOut),
  rules: RULE_IDS.map((id) => ({ id, text: RULES[id] })),
};

function clauseOut(c: Clause): z.infer<typeof ClauseOut> {
  const out: z.infer<typeof ClauseOut> = { id: c.id, kind: c.kind, title: c.title, summary: c.summary };
  if (c.kind === 'violation') Object.assign(out, { category: c.category, material: c.material, reportToNcmec: c.reportToNcmec });
  if (c.kind === 'exception') out.covers = [...c.covers];
  if (c.kind === 'consequence') out.actions = [...c.actions];
  return out;
}

export function registerPolicyRoutes(app: App, _ctx: AppContext): void {
  app.get(
    '/v1/policy',
    {
      schema: {
        summary: 'The enforced policy: clauses with stable ids, French and English summaries, and the decision rules',
        tags: ['policy'],
        response: { 200: PolicyOut },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'public, max-age=300');
      return BODY;
    },
  );
}
