// The payload schemas and the gate, without a database: what the emitters write passes, and
// a misspelt, missing or non-JSON field is refused with the type and the field named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEvent, EventPayloadError, payloadProblem } from '../../src/moderation/check.js';
import { EVENT_TYPES, type NewEvent } from '../../src/moderation/events.js';
import { PAYLOADS } from '../../src/moderation/payloads.js';
import { ingestEvents } from '../../src/moderation/ingest.js';
import { decisionEvents } from '../../src/enforcement/decision-events.js';
import { signalOnNewAccount, signalsOnSuspendedAccounts } from '../../src/enforcement/ban-evasion.js';
import { decide } from '../../src/policy/index.js';
import { finding, input, linkMatch, mediaMatch, textSignal, WARNED } from '../policy/signals-fixtures.js';
import { post, AT, PLATFORM } from '../support/ingest-items.js';

function refusal(event: { type: string; payload: unknown }): EventPayloadError {
  try {
    checkEvent(event);
  } catch (err) {
    assert.ok(err instanceof EventPayloadError, String(err));
    return err;
  }
  assert.fail(`${event.type} ${JSON.stringify(event.payload)} was accepted`);
}

test('every event type has a schema', () => {
  assert.deepEqual(Object.keys(PAYLOADS).sort(), [...EVENT_TYPES].sort());
});

test('what ingest writes passes: a new author, a handle change, content with media, signals', () => {
  const media = [{ id: 'm1', declaredType: null, detectedType: 'image/png', size: 10, sha256: 'a'.repeat(64), md5: 'b'.repeat(32) }];
  const signals = [{ signal: 'text-rule', source: 'text', strength: 0.5, clause: null, evidence: { family: 'placeholder', spans: [[1, 2]] } }];
  const fresh = ingestEvents(post('c1', 'u1', 'hello', { media, signals }), PLATFORM, AT, undefined);
  const renamed = ingestEvents({ ...post('c2', 'u1'), author: { id: 'u1', handle: '@new' } }, PLATFORM, AT, { handle: '@old' });
  const events = [...fresh, ...renamed];
  assert.deepEqual([...new Set(events.map((e) => e.type))].sort(), ['account.registered', 'account.updated', 'content.ingested', 'signal.recorded']);
  for (const e of events) checkEvent(e);
});

test('what decisions write passes, for every kind of plan', () => {
  const decisions = [
    decide(input([mediaMatch()])),
    decide(input([linkMatch({ verified: true, hostingCountry: 'FR' })])),
    decide(input([textSignal('behaviour.sextortion', 0.9, true)])),
    decide(input([], { review: finding() })),
    decide(input([], { review: finding(), account: WARNED })),
  ];
  const seen = new Set<string>();
  for (const d of decisions) {
    let n = 0;
    const planned = decisionEvents(d, {
      at: AT,
      actor: { kind: 'system', id: null },
      newId: (p) => `${p}_${++n}`,
      appealUrl: 'https://example.org/appeal',
      reportIds: ['r1'],
    });
    for (const e of planned.events) {
      checkEvent(e);
      seen.add(e.type === 'action.taken' ? `action:${e.payload.action}` : e.type);
    }
  }
  for (const kind of [
    'case.opened',
    'cybertip.drafted',
    'notice.sent',
    'action:remove_content',
    'action:suspend_account',
    'action:lock_account',
    'action:block_identifiers',
  ]) {
    assert.ok(seen.has(kind), `${kind} not exercised: ${[...seen].join(', ')}`);
  }
});

test('ban-evasion signals pass', () => {
  const matches = [{ kind: 'email' as const, strength: 'strong' as const, accountId: 'old-1' }];
  for (const e of [
    ...signalsOnSuspendedAccounts(matches, { newAccountId: null, actor: PLATFORM, at: AT }),
    ...signalOnNewAccount('new-1', matches, { actor: PLATFORM, at: AT }),
  ])
    checkEvent(e);
});

test('a misspelt field is refused, naming the type and the field', () => {
  const [, ingested] = ingestEvents(post('c1', 'u1'), PLATFORM, AT, undefined) as [NewEvent, NewEvent];
  const { authorId, ...rest } = ingested.payload as { authorId: string };
  const err = refusal({ type: 'content.ingested', payload: { ...rest, autorId: authorId } });
  assert.equal(err.type, 'content.ingested');
  assert.match(err.message, /content\.ingested/);
  // Unknown keys are reported first: the typo itself is named.
  assert.equal(err.field, 'autorId');
  assert.match(err.message, /"autorId"/);
  // A misspelt optional field would otherwise pass unnoticed: strict objects catch it too.
  assert.equal(refusal({ type: 'account.updated', payload: { handel: 'x' } }).field, 'handel');
});

test('a missing or mistyped field is refused, naming the field', () => {
  const missing = refusal({ type: 'signal.recorded', payload: { signal: 's', source: 'x', clause: null, evidence: {} } });
  assert.equal(missing.field, 'strength');
  assert.match(missing.message, /"strength" is missing/);
  const nested = refusal({ type: 'staff.updated', payload: { changes: { role: { from: 'reviewer' } } } });
  assert.equal(nested.field, 'changes.role.to');
  assert.equal(refusal({ type: 'action.taken', payload: { action: 'remove_everything' } }).field, 'action');
  assert.equal(refusal({ type: 'content.deleted', payload: { contentIds: 'c1' } }).field, 'contentIds');
});

test('payloads must be plain JSON: no undefined inside free-form parts, no NaN, no Date, no class instances', () => {
  const base = { signal: 's', source: 'x', strength: 1, clause: null };
  assert.equal(payloadProblem('signal.recorded', { ...base, evidence: { at: new Date(0) } })?.field, 'evidence');
  assert.equal(payloadProblem('signal.recorded', { ...base, evidence: { n: Number.NaN } })?.field, 'evidence');
  assert.equal(payloadProblem('signal.recorded', { ...base, evidence: { u: undefined } })?.field, 'evidence');
  assert.equal(payloadProblem('signal.recorded', { ...base, strength: Number.POSITIVE_INFINITY })?.field, 'strength');
  assert.equal(payloadProblem('export.made', new Map()) !== null, true);
  assert.equal(payloadProblem('export.made', { note: 'anything JSON', list: [1, null, { a: true }] }), null);
});

test('an unknown type is refused', () => {
  const err = refusal({ type: 'content.ingestd', payload: {} });
  assert.match(err.message, /not an event type/);
});

// A lone surrogate is hashed as JavaScript holds it but stored as U+FFFD by both databases,
// so the sealed hash could never be recomputed; PostgreSQL refuses NUL where SQLite keeps it.
// The gate refuses both wherever they are, whatever path the event took.
test('an ill-formed string or a NUL anywhere the chain hashes is refused, naming where', () => {
  const [registered, ingested] = ingestEvents(post('c1', 'u1', 'hello'), PLATFORM, AT, undefined) as [NewEvent, NewEvent];
  for (const e of [registered, ingested]) checkEvent(e);
  const cases: { event: NewEvent; field: string; why: RegExp }[] = [
    { event: { ...ingested, subject: { kind: 'content', id: 'sur\ud800' } }, field: 'subject.id', why: /lone UTF-16 surrogate/ },
    { event: { ...ingested, subject: { kind: 'content', id: 'trail\udc00x' } }, field: 'subject.id', why: /lone UTF-16 surrogate/ },
    { event: { ...ingested, actor: { kind: 'api_key', id: 'key\ud800' } }, field: 'actor.id', why: /lone UTF-16 surrogate/ },
    { event: { ...ingested, reason: 'because\ud83d' }, field: 'reason', why: /lone UTF-16 surrogate/ },
    { event: { ...ingested, subject: { kind: 'content', id: 'nul\u0000id' } }, field: 'subject.id', why: /NUL/ },
    { event: { ...ingested, reason: 'a\u0000b' }, field: 'reason', why: /NUL/ },
  ];
  const payload = ingested.payload as Extract<NewEvent, { type: 'content.ingested' }>['payload'];
  cases.push(
    { event: { ...ingested, payload: { ...payload, text: 'half a pair \ud83d' } } as NewEvent, field: 'text', why: /lone UTF-16 surrogate/ },
    {
      event: { ...ingested, payload: { ...payload, links: ['https://example.org/ok', 'https://example.org/\udfff'] } } as NewEvent,
      field: 'links.1',
      why: /surrogate/,
    },
    { event: { ...ingested, payload: { ...payload, text: 'nul \u0000 inside' } } as NewEvent, field: 'text', why: /NUL/ },
    {
      event: {
        type: 'signal.recorded',
        subject: ingested.subject,
        actor: PLATFORM,
        at: AT,
        reason: null,
        payload: { signal: 's', source: 't', strength: 1, clause: null, evidence: { deep: { list: ['ok', 'x\ud800'] } } },
      },
      field: 'evidence.deep.list.1',
      why: /surrogate/,
    },
    {
      event: {
        type: 'signal.recorded',
        subject: ingested.subject,
        actor: PLATFORM,
        at: AT,
        reason: null,
        payload: { signal: 's', source: 't', strength: 1, clause: null, evidence: { ['k\ud800']: 1 } },
      },
      field: 'evidence',
      why: /has a key that .*surrogate/,
    },
  );
  for (const { event, field, why } of cases) {
    const err = refusal(event);
    assert.equal(err.field, field, err.message);
    assert.match(err.message, why);
    assert.match(err.message, new RegExp(`^a ${event.type.replace('.', '\\.')} event was refused before it entered the log`));
  }
  // Well-formed text of every script, emoji (surrogate pairs) and other controls in free text pass.
  checkEvent({ ...ingested, payload: { ...payload, text: 'émoji 🙂 نص 文字 tab\there\nline \u200d \u202e' } } as NewEvent);
  checkEvent({ ...ingested, subject: { kind: 'content', id: 'пост-🙂' } } as NewEvent);
});
