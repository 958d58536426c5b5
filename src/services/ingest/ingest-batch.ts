// Writes a batch of ingested content in one unit of work: one round of queries for the
// whole batch instead of one per post, which is what lets SQLite keep up with a
// platform's stream. Idempotent on the platform's content id. Items that came with
// signals are decided on and the decision carried out in the same unit of work; text
// signals go to review by the case-opening policy (services/cases/open-case.ts), per
// conversation and per sender, their accumulated risk kept with the conversation.
import { isDatabaseUnavailable } from '../errors.js';
import type { Store, UnitOfWork } from '../../store/store.js';
import { accountHandles, accountState, ingestedItems, saveIngestAnswer } from '../../store/subject-states.js';
import { lockConversationStates, saveConversationState } from '../../store/conversations.js';
import { lockSubjects, subjectLockKey } from '../../store/projection.js';
import type { Actor, JsonObject } from '../../moderation/events.js';
import { SYSTEM } from '../../moderation/events.js';
import { ingestEvents, type ConversationJudge, type ConversationStep, type IngestItem, type IngestSignal, type KnownAuthor } from '../../moderation/ingest.js';
import { decide } from '../../policy/decide.js';
import type { DecideOptions } from '../../policy/decision.js';
import type { AccountState } from '../../moderation/folds/account.js';
import type { ContentState } from '../../moderation/folds/content.js';
import type { Enforcement } from '../enforcement/enforce-decision.js';
import type { MessageReview } from '../../moderation/text-review.js';
import { reviewSender } from '../../moderation/text-review.js';
import { emptySenderRisk, isSenderRiskState } from '../../policy/accumulation.js';
import type { CaseOpeningPolicy } from '../../policy/case-opening-rules.js';
import { lockSenderRisk, saveSenderRisk } from '../../store/sender-risk.js';
import { lockForReview } from '../../store/open-cases.js';
import type { ReviewRules } from '../cases/review-rules-file.js';
import type { CaseFacts } from '../../moderation/review-rules.js';
import { addToOpenCase, type CaseDisposition } from '../cases/open-case.js';

export type { ConversationStep };

export interface IngestDeps {
  judgeConversation?: ConversationJudge;
  /** Decide on items with signals, and carry the decision out, in the same unit of work. */
  decisions?: { options: Partial<DecideOptions>; enforcement: Enforcement };
  /** The case-opening policy in force (it reloads with the text rules); needed for sender cases. */
  caseOpening?: () => CaseOpeningPolicy;
  /** Routes the cases ingest opens to their review queues. */
  review?: ReviewRules;
  /** Follow-up work for each newly written item, queued in its unit of work (classifier jobs). */
  afterWrite?: (w: UnitOfWork, item: IngestItem) => Promise<void>;
}

/** What went to a person: the case the item opened or joined; null when nothing did. */
export type IngestReview = CaseDisposition | null;

export type IngestOutcome =
  | { kind: 'created'; state: ContentState; review: IngestReview }
  | { kind: 'replayed'; state: ContentState; review: IngestReview }
  | { kind: 'conflict'; message: string }
  /** The database could not be reached: nothing of the batch is known to be written; send it again. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'failed'; message: string };

export interface IngestRequest {
  item: IngestItem;
  actor: Actor;
  at: string;
  conversation?: ConversationStep;
  /** A post's text as the case-opening policy judged it (a direct message's is judged in the write). */
  review?: MessageReview;
}

const KNOWN_AUTHORS_MAX = 200_000;

/**
 * Writes batches for one process. It remembers the authors already registered, with their
 * handle: most posts come from accounts seen before, and knowing that spares a lookup per
 * post. Accounts are never deleted, so an entry can only be stale in its handle, which is
 * checked against the database whenever a post shows a different one.
 */
export class IngestBatches {
  private readonly knownAuthors = new Map<string, string | null>();

  constructor(
    private readonly store: Store,
    private readonly deps: IngestDeps = {},
  ) {}

  async write(requests: readonly IngestRequest[]): Promise<IngestOutcome[]> {
    const cache = this.knownAuthors;
    try {
      return await this.store.write(async (w) => {
        const { outcomes, authors } = await writeBatch(w, requests, cache, this.deps);
        // Only after the commit: a rolled-back registration must not be remembered.
        w.onCommit(() => {
          if (cache.size + authors.size > KNOWN_AUTHORS_MAX) cache.clear();
          for (const [id, a] of authors) cache.set(id, a.handle);
        });
        return outcomes;
      });
    } catch (err) {
      // Writing the items one by one cannot help while the database is away.
      if (isDatabaseUnavailable(err)) return requests.map(() => ({ kind: 'unavailable', message: 'the database is unavailable for a moment' }));
      if (requests.length === 1) return [{ kind: 'failed', message: err instanceof Error ? err.message : String(err) }];
      // One bad item must not sink the others: write each on its own.
      const out: IngestOutcome[] = [];
      for (const r of requests) out.push((await this.write([r]))[0]!);
      return out;
    }
  }
}

async function writeBatch(
  w: UnitOfWork,
  requests: readonly IngestRequest[],
  cache: Map<string, string | null>,
  deps: IngestDeps,
): Promise<{ outcomes: IngestOutcome[]; authors: Map<string, KnownAuthor> }> {
  // Every author, item and conversation of the batch is locked before anything is read, so
  // that another process given the same new author or content id waits and then sees it.
  await lockSubjects(w.tx, w.dialect, batchLockKeys(requests));
  const existing = await ingestedItems(
    w.tx,
    w.dialect,
    requests.map((r) => r.item.id),
  );
  const authors = new Map<string, KnownAuthor>();
  const unknown: string[] = [];
  for (const r of requests) {
    const id = r.item.author.id;
    const handle = cache.get(id);
    // A handle that seems to change is checked against the database: another writer (the
    // accounts API) may have changed it since this cache learnt it.
    if (handle !== undefined && (r.item.author.handle === null || r.item.author.handle === handle)) authors.set(id, { handle });
    else unknown.push(id);
  }
  for (const [id, handle] of await accountHandles(w.tx, w.dialect, unknown)) authors.set(id, { handle });

  const conversations = await conversationStates(w, requests);
  const withSignals = new Map<string, { item: IngestItem; signals: IngestSignal[]; at: string }>();
  const reviews: { id: string; review: MessageReview; at: string }[] = [];
  const outcomes: (IngestOutcome | undefined)[] = new Array(requests.length);
  const firstInBatch = new Map<string, number>();
  const events = [];
  const written: IngestItem[] = [];
  for (let i = 0; i < requests.length; i++) {
    const { item, actor, at } = requests[i]!;
    const prior = existing.get(item.id);
    if (prior) {
      outcomes[i] =
        prior.digest === item.requestDigest
          ? { kind: 'replayed', state: prior.answer(), review: prior.review() as IngestReview }
          : { kind: 'conflict', message: 'this content id was already ingested with different data' };
      continue;
    }
    const earlier = firstInBatch.get(item.id);
    if (earlier !== undefined) continue; // settled below, once the first copy is written
    firstInBatch.set(item.id, i);
    const step = requests[i]!.conversation;
    let signals: IngestSignal[] = item.signals;
    if (step && deps.judgeConversation) {
      const judged = deps.judgeConversation(step.message, conversations.get(step.key)?.state);
      conversations.set(step.key, { state: judged.state, changed: true, at });
      signals = [...signals, ...judged.signals];
      if (judged.review && (judged.review.step || judged.review.sender)) reviews.push({ id: item.id, review: judged.review, at });
    } else if (requests[i]!.review) {
      reviews.push({ id: item.id, review: requests[i]!.review!, at });
    }
    events.push(...ingestEvents({ ...item, signals }, actor, at, authors.get(item.author.id)));
    written.push(item);
    if (signals.length > 0) withSignals.set(item.id, { item, signals, at });
    // A later post in this batch by the same new author must not register it again.
    authors.set(item.author.id, { handle: item.author.handle ?? authors.get(item.author.id)?.handle ?? null });
  }

  // Decisions append again in this transaction: every head is taken now, so that the second
  // append waits for no head another writer could hold while waiting for ours.
  const { projected } = await w.append(events, deps.decisions && withSignals.size > 0 ? { allHeads: true } : undefined);
  await saveConversationStates(w, conversations);
  const dispositions = new Map<string, CaseDisposition>();
  if (deps.decisions) await decideOnSignals(w, withSignals, projected, deps.decisions, dispositions);
  if (deps.afterWrite) for (const item of written) await deps.afterWrite(w, item);
  if (reviews.length > 0) await sendToReview(w, reviews, deps, dispositions);
  // The first answer (returned again on a replay) includes what was decided and what went to review.
  for (const [id, review] of dispositions) {
    const state = projected.content.get(id);
    if (state) await saveIngestAnswer(w.tx, id, state, { ...review });
  }
  for (let i = 0; i < requests.length; i++) {
    if (outcomes[i]) continue;
    const item = requests[i]!.item;
    const first = firstInBatch.get(item.id)!;
    const state = projected.content.get(item.id);
    if (!state) {
      outcomes[i] = { kind: 'failed', message: `content ${item.id} was not stored` };
    } else if (first === i) {
      outcomes[i] = { kind: 'created', state, review: dispositions.get(item.id) ?? null };
    } else {
      outcomes[i] =
        requests[first]!.item.requestDigest === item.requestDigest
          ? { kind: 'replayed', state, review: dispositions.get(item.id) ?? null }
          : { kind: 'conflict', message: 'this content id was already ingested with different data' };
    }
  }
  return { outcomes: outcomes as IngestOutcome[], authors };
}

function batchLockKeys(requests: readonly IngestRequest[]): string[] {
  const keys: string[] = [];
  for (const r of requests) {
    keys.push(subjectLockKey('account', r.item.author.id), subjectLockKey('content', r.item.id));
    if (r.conversation) keys.push(subjectLockKey('conversation', r.conversation.key));
  }
  return keys;
}

interface ConversationRow {
  state: JsonObject | undefined;
  changed: boolean;
  at?: string;
}

async function conversationStates(w: UnitOfWork, requests: readonly IngestRequest[]): Promise<Map<string, ConversationRow>> {
  const keys = [...new Set(requests.flatMap((r) => (r.conversation ? [r.conversation.key] : [])))];
  const out = new Map<string, ConversationRow>();
  for (const [key, state] of await lockConversationStates(w, keys)) out.set(key, { state, changed: false });
  return out;
}

async function saveConversationStates(w: UnitOfWork, states: Map<string, ConversationRow>): Promise<void> {
  for (const [key, row] of states) {
    if (row.changed && row.state) await saveConversationState(w, key, row.state, row.at!);
  }
}

/**
 * Items that came with signals are decided on at once, one after the other (a decision on
 * one post can change what the next post by the same author leads to), and what the
 * decision asks for is done in the same transaction: the platform's answer already says
 * what vigie decided.
 */
async function decideOnSignals(
  w: UnitOfWork,
  items: Map<string, { item: IngestItem; signals: IngestSignal[]; at: string }>,
  projected: { content: Map<string, ContentState>; accounts: Map<string, AccountState> },
  deps: NonNullable<IngestDeps['decisions']>,
  dispositions: Map<string, CaseDisposition>,
): Promise<void> {
  const decided: string[] = [];
  for (const [id, { item, signals: all, at }] of items) {
    const content = projected.content.get(id);
    if (!content) continue;
    // Text only ever asks for review, and the case-opening policy says when (sendToReview).
    const signals = all.filter((s) => s.source !== 'text' && s.source !== 'conversation');
    if (signals.length === 0) continue;
    let account = projected.accounts.get(item.author.id);
    account ??= await accountState(w.tx, item.author.id);
    const decision = decide({
      subject: { accountId: item.author.id, contentId: id, contentStatus: content.status },
      signals,
      account: { status: account?.status ?? 'active', violations: account?.violations ?? 0 },
      options: deps.options,
    });
    if (decision.plan.length === 0) continue;
    const enforced = await deps.enforcement.enforceDecision(w, decision, SYSTEM, at);
    for (const [k, v] of enforced.projected.content) projected.content.set(k, v);
    for (const [k, v] of enforced.projected.accounts) projected.accounts.set(k, v);
    if (enforced.caseId !== null) dispositions.set(id, { caseId: enforced.caseId, opened: true });
    decided.push(id);
  }
  // The first answer (returned again on a replay) includes what was decided.
  for (const id of decided) {
    const state = projected.content.get(id);
    if (state) await saveIngestAnswer(w.tx, id, state);
  }
}

/**
 * Text findings by the case-opening policy: the conversation's (or post's) case opened or
 * joined, and, toward minors, the sender's risk across conversations, with a case on the
 * sender once it reached several minors. Items are taken in arrival order, so a second
 * message of one conversation in the batch joins the case the first one opened.
 */
async function sendToReview(
  w: UnitOfWork,
  reviews: readonly { id: string; review: MessageReview; at: string }[],
  deps: IngestDeps,
  dispositions: Map<string, CaseDisposition>,
): Promise<void> {
  const subjects = reviews.flatMap(({ review }) => [
    ...(review.step ? [review.subject] : []),
    ...(review.sender ? [{ kind: 'account', id: review.sender.id }] : []),
  ]);
  await lockForReview(
    w,
    subjects,
    reviews.flatMap(({ review }) => (review.sender ? [review.sender.id] : [])),
  );
  for (const { id, review, at } of reviews) {
    let disposition: CaseDisposition | null = null;
    const step = review.step;
    if (step) {
      disposition = await addToOpenCase(
        w,
        {
          subject: review.subject,
          action: step.action,
          priority: step.priority,
          urgent: step.urgent,
          rule: step.rule,
          clauses: step.clauses,
          contentIds: review.contentIds,
          items: review.items,
          families: step.families,
        },
        { at, ...(deps.review ? { queue: (f: CaseFacts) => deps.review!.queueFor(f) } : {}) },
      );
    }
    if (review.sender && deps.caseOpening) {
      const policy = deps.caseOpening();
      const stored = await lockSenderRisk(w, review.sender.id);
      const before = isSenderRiskState(stored) ? stored : emptySenderRisk();
      const s = reviewSender(policy, before, review.subject.id, review.sender, Date.parse(at));
      await saveSenderRisk(w, review.sender.id, s.state as unknown as JsonObject, at);
      if (s.step) {
        const d = await addToOpenCase(
          w,
          {
            subject: { kind: 'account', id: review.sender.id },
            action: 'open',
            priority: s.step.priority,
            urgent: s.step.urgent,
            rule: s.step.rule,
            clauses: s.step.clauses,
            contentIds: review.contentIds,
          },
          { at },
        );
        disposition ??= d;
      }
    }
    const earlier = dispositions.get(id);
    if (disposition && !earlier) dispositions.set(id, disposition);
  }
}
