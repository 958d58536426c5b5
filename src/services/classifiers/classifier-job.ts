// The 'classifier.scan' job: an accepted item goes to one enabled provider, off the ingest
// path. Ingest queues one job per enabled provider that takes something the item holds, in
// the item's own unit of work (so a job exists exactly when the item does); a worker sends
// the item's images (as the bytes vigie stored), text or link addresses, records what the
// provider found as signals, and decides on them through the one enforcement path. A
// provider that fails never touches the item: the job is retried with the queue's backoff
// and, after its last attempt, waits in the dead letters; every outcome is counted
// (metrics.ts). Videos are not sent: no adapter here takes them yet.
import { z } from 'zod';
import type { Store, UnitOfWork } from '../../store/store.js';
import type { MediaFiles } from '../../store/media-files.js';
import { accountState, contentState } from '../../store/subject-states.js';
import { lockOpenCase } from '../../store/open-cases.js';
import { SYSTEM } from '../../moderation/events.js';
import type { IngestItem } from '../../moderation/ingest.js';
import { decide } from '../../policy/decide.js';
import type { DecideOptions } from '../../policy/decision.js';
import { CLASSIFIER_PROVIDERS, type ClassifierInput, type ClassifierProvider, type ClassifierSignal, type InputKind } from '../../detect/classifiers/index.js';
import type { HandlerRegistry } from '../../work/handlers.js';
import type { JobQueue } from '../../work/queue.js';
import type { Enforcement } from '../enforcement/enforce-decision.js';
import type { ProviderClient } from './provider-client.js';

export const CLASSIFIER_JOB_KIND = 'classifier.scan';

export const ClassifierJobPayload = z.strictObject({
  provider: z.enum(CLASSIFIER_PROVIDERS),
  contentId: z.string().min(1),
  accountId: z.string().min(1),
  media: z.array(z.strictObject({ id: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), type: z.string() })),
  text: z.string().nullable(),
  links: z.array(z.string()),
});
export type ClassifierJobPayload = z.infer<typeof ClassifierJobPayload>;

/** A job that must run again later; the queue's backoff spaces the attempts. */
export class ClassifyLater extends Error {
  override readonly name = 'ClassifyLater';
}

function inputKinds(item: Pick<IngestItem, 'media' | 'text' | 'links'>): Set<InputKind> {
  const kinds = new Set<InputKind>();
  if (item.media.some((m) => m.detectedType.startsWith('image/'))) kinds.add('image');
  if (item.text !== null && item.text.trim() !== '') kinds.add('text');
  if (item.links.length > 0) kinds.add('url');
  return kinds;
}

export interface ClassifierQueueing {
  jobs: JobQueue;
  /** The enabled providers, each with the input kinds its adapter takes. */
  providers: readonly { provider: ClassifierProvider; accepts: readonly InputKind[] }[];
  maxAttempts: number;
}

/** Queues one job per enabled provider that takes something in the item. Nothing when none is enabled. */
export async function enqueueClassification(w: UnitOfWork, q: ClassifierQueueing, item: IngestItem): Promise<void> {
  if (q.providers.length === 0) return;
  const kinds = inputKinds(item);
  for (const p of q.providers) {
    if (!p.accepts.some((k) => kinds.has(k))) continue;
    const payload: ClassifierJobPayload = {
      provider: p.provider,
      contentId: item.id,
      accountId: item.author.id,
      media: item.media.filter((m) => m.detectedType.startsWith('image/')).map((m) => ({ id: m.id, sha256: m.sha256, type: m.detectedType })),
      text: p.accepts.includes('text') ? item.text : null,
      links: p.accepts.includes('url') ? item.links : [],
    };
    await q.jobs.enqueueIn(w, CLASSIFIER_JOB_KIND, payload, { dedupeKey: `${CLASSIFIER_JOB_KIND}:${p.provider}:${item.id}`, maxAttempts: q.maxAttempts });
  }
}

export interface ClassifierJobDeps {
  store: Store;
  media: MediaFiles;
  /** The enabled providers' clients; a job for a provider no longer enabled sends nothing. */
  clients: ReadonlyMap<ClassifierProvider, ProviderClient>;
  enforcement: Enforcement;
  decideOptions: Partial<DecideOptions>;
  now(): Date;
  info?(message: string, detail: unknown): void;
  /** A provider that refused an input for good (credentials, a malformed answer). */
  warn?(message: string, detail: unknown): void;
}

export function registerClassifierHandlers(registry: HandlerRegistry, deps: ClassifierJobDeps): HandlerRegistry {
  return registry.register<ClassifierJobPayload>(CLASSIFIER_JOB_KIND, async (payload) => void (await runClassification(deps, payload)), {
    parse: (p) => ClassifierJobPayload.parse(p),
    timeoutMs: 120_000,
  });
}

export async function runClassification(deps: ClassifierJobDeps, payload: ClassifierJobPayload): Promise<{ signals: number }> {
  const client = deps.clients.get(payload.provider);
  if (!client) {
    deps.info?.(`classifier ${payload.provider} is not enabled any more: nothing sent`, { contentId: payload.contentId });
    return { signals: 0 };
  }
  const found: ClassifierSignal[] = [];
  const later: string[] = [];
  for (const [input, where] of await inputsOf(deps.media, payload, later)) {
    if (!client.adapter.accepts.includes(input.kind)) continue;
    const r = await client.classify(input, where);
    if (r.kind === 'signal') found.push(r.signal);
    else if (r.kind === 'later') later.push(r.reason);
    else if (r.kind === 'failed' || r.kind === 'skipped')
      deps.info?.(`classifier ${payload.provider}: ${r.reason}`, { contentId: payload.contentId, ...where });
  }
  // Recorded only once every input is through, so that a retry records nothing twice.
  if (later.length > 0) throw new ClassifyLater(later.join('; '));
  if (found.length > 0) await recordAndDecide(deps, payload, found);
  return { signals: found.length };
}

async function inputsOf(media: MediaFiles, payload: ClassifierJobPayload, later: string[]): Promise<[ClassifierInput, { mediaId?: string; url?: string }][]> {
  const out: [ClassifierInput, { mediaId?: string; url?: string }][] = [];
  for (const m of payload.media) {
    try {
      out.push([{ kind: 'image', mediaId: m.id, bytes: await media.read(m.sha256), mimeType: m.type }, { mediaId: m.id }]);
    } catch (err) {
      // The item's media are moved into place just after its commit: this job may be first.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      later.push(`media ${m.id} is not in the media store yet`);
    }
  }
  if (payload.text !== null && payload.text.trim() !== '') out.push([{ kind: 'text', text: payload.text }, {}]);
  for (const url of payload.links) out.push([{ kind: 'url', url }, { url }]);
  return out;
}

/**
 * The signals go on the item, and the policy decides on them alone (the ingest signals
 * were decided on when the item came in): a review raises the priority of the item's open
 * case, or opens one; an action (a classifier the operator trusts) goes through the one
 * enforcement path.
 */
async function recordAndDecide(deps: ClassifierJobDeps, payload: ClassifierJobPayload, signals: ClassifierSignal[]): Promise<void> {
  const at = deps.now().toISOString();
  await deps.store.write(async (w) => {
    const content = await contentState(w.tx, payload.contentId);
    if (!content) return;
    await w.append(
      signals.map((s) => ({
        type: 'signal.recorded' as const,
        subject: { kind: 'content' as const, id: payload.contentId },
        actor: SYSTEM,
        at,
        reason: null,
        payload: { signal: s.signal, source: s.source, strength: s.strength, clause: s.clause, evidence: s.evidence },
      })),
    );
    const account = await accountState(w.tx, payload.accountId);
    const decision = decide({
      subject: { accountId: payload.accountId, contentId: payload.contentId, contentStatus: content.status },
      signals,
      account: { status: account?.status ?? 'active', violations: account?.violations ?? 0 },
      options: deps.decideOptions,
    });
    if (decision.outcome === 'review') {
      // Locked like a report's, so that a report arriving now joins the same case.
      const open = await lockOpenCase(w, 'content', payload.contentId);
      if (open) {
        if (decision.priority !== null && decision.priority > open.priority) {
          await w.append([
            {
              type: 'case.reprioritised',
              subject: { kind: 'case', id: open.id },
              actor: SYSTEM,
              at,
              reason: decision.rule.text.en,
              payload: { priority: decision.priority, rule: decision.rule.id },
            },
          ]);
        }
        return;
      }
    }
    if (decision.plan.length > 0) await deps.enforcement.enforceDecision(w, decision, SYSTEM, at);
  });
}
