import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { INITIAL_STANDING, transition, transitionForAction, type AccountStanding, type AccountTransition } from '../../src/enforcement/account-states.js';
import { foldAccount, type AccountState } from '../../src/moderation/folds/account.js';
import type { EventOf, EventType, NewEvent } from '../../src/moderation/events.js';
import type { PayloadOf } from '../../src/moderation/payloads.js';

const active = INITIAL_STANDING;
const restored: AccountStanding = { status: 'restored', pendingDeletion: [], violations: 0 };
const locked: AccountStanding = { status: 'locked', pendingDeletion: ['c-1', 'c-2'], violations: 1 };
const suspended: AccountStanding = { status: 'suspended', pendingDeletion: [], violations: 1 };
const emptiedLock: AccountStanding = { status: 'locked', pendingDeletion: [], violations: 1 };

type Expect = { status: AccountStanding['status']; pending: string[]; violations: number; steps: string[] } | { refused: RegExp };

const TABLE: [string, AccountStanding, AccountTransition, Expect][] = [
  [
    'lock an active account until deletion',
    active,
    { name: 'lock', contentIds: ['c-1', 'c-2', 'c-1'] },
    { status: 'locked', pending: ['c-1', 'c-2'], violations: 1, steps: ['lock'] },
  ],
  ['lock a restored account', restored, { name: 'lock', contentIds: ['c-1'] }, { status: 'locked', pending: ['c-1'], violations: 1, steps: ['lock'] }],
  ['a lock must list items', active, { name: 'lock', contentIds: [] }, { refused: /must list the items/ }],
  ['lock a locked account', locked, { name: 'lock', contentIds: ['c-3'] }, { refused: /already locked.*permanent suspension/ }],
  ['lock a suspended account', suspended, { name: 'lock', contentIds: ['c-1'] }, { refused: /suspended account cannot be locked/ }],
  [
    'deleting one listed item keeps the lock',
    locked,
    { name: 'confirm-deletion', contentIds: ['c-1'] },
    { status: 'locked', pending: ['c-2'], violations: 1, steps: ['confirm-deletion'] },
  ],
  [
    'deleting the last listed items lifts the lock by itself',
    locked,
    { name: 'confirm-deletion', contentIds: ['c-2', 'c-1', 'c-9'] },
    { status: 'active', pending: [], violations: 1, steps: ['confirm-deletion', 'unlock'] },
  ],
  ['deleting an item that is not listed', locked, { name: 'confirm-deletion', contentIds: ['c-9'] }, { refused: /none of these items is listed/ }],
  ['a deletion on an account that is not locked', active, { name: 'confirm-deletion', contentIds: ['c-1'] }, { refused: /not locked/ }],
  ['unlock while items remain', locked, { name: 'unlock' }, { refused: /2 listed item\(s\) must still be deleted/ }],
  ['unlock once nothing remains', emptiedLock, { name: 'unlock' }, { status: 'active', pending: [], violations: 1, steps: ['unlock'] }],
  ['unlock an account that is not locked', active, { name: 'unlock' }, { refused: /not locked/ }],
  ['suspend an active account', active, { name: 'suspend' }, { status: 'suspended', pending: [], violations: 1, steps: ['suspend'] }],
  [
    'suspend a locked account: the list no longer matters',
    locked,
    { name: 'suspend' },
    { status: 'suspended', pending: [], violations: 2, steps: ['suspend'] },
  ],
  ['suspend a restored account', restored, { name: 'suspend' }, { status: 'suspended', pending: [], violations: 1, steps: ['suspend'] }],
  ['suspend a suspended account', suspended, { name: 'suspend' }, { refused: /already suspended/ }],
  [
    'a first violation without malice locks',
    active,
    { name: 'violation', malicious: false, contentIds: ['c-1'] },
    { status: 'locked', pending: ['c-1'], violations: 1, steps: ['violation', 'lock'] },
  ],
  [
    'a violation with malice suspends',
    active,
    { name: 'violation', malicious: true, contentIds: ['c-1'] },
    { status: 'suspended', pending: [], violations: 1, steps: ['violation', 'suspend'] },
  ],
  [
    'a violation after a lock suspends',
    locked,
    { name: 'violation', malicious: false, contentIds: ['c-3'] },
    { status: 'suspended', pending: [], violations: 2, steps: ['violation', 'suspend'] },
  ],
  [
    'a violation after an earlier one suspends',
    { status: 'active', pendingDeletion: [], violations: 1 },
    { name: 'violation', malicious: false, contentIds: ['c-3'] },
    { status: 'suspended', pending: [], violations: 2, steps: ['violation', 'suspend'] },
  ],
  [
    'a first violation without malice but nothing to delete',
    active,
    { name: 'violation', malicious: false, contentIds: [] },
    { refused: /must list the items/ },
  ],
  ['a violation on a suspended account', suspended, { name: 'violation', malicious: true, contentIds: ['c-1'] }, { refused: /already suspended/ }],
  ['restore after a successful appeal', suspended, { name: 'restore' }, { status: 'restored', pending: [], violations: 0, steps: ['restore'] }],
  ['restore a locked account after a successful appeal', locked, { name: 'restore' }, { status: 'restored', pending: [], violations: 0, steps: ['restore'] }],
  ['restore an active account', active, { name: 'restore' }, { refused: /only a suspended or locked account/ }],
  ['restore a restored account', restored, { name: 'restore' }, { refused: /only a suspended or locked account/ }],
];

for (const [name, from, t, expect] of TABLE) {
  test(`transition: ${name}`, () => {
    const result = transition(from, t);
    if ('refused' in expect) {
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, expect.refused);
      return;
    }
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.deepEqual(result.standing, { status: expect.status, pendingDeletion: expect.pending, violations: expect.violations });
    assert.deepEqual(result.steps, expect.steps);
  });
}

test('every transition name is walked by the table, each both allowed and refused', () => {
  const names = ['lock', 'confirm-deletion', 'unlock', 'suspend', 'violation', 'restore'];
  for (const n of names) {
    const rows = TABLE.filter(([, , t]) => t.name === n);
    assert.ok(
      rows.some(([, , , e]) => !('refused' in e)),
      `${n} allowed somewhere`,
    );
    assert.ok(
      rows.some(([, , , e]) => 'refused' in e),
      `${n} refused somewhere`,
    );
  }
});

test('first slip, deletion, slip again: locked, lifted, then suspended for good', () => {
  const steps: AccountTransition[] = [
    { name: 'violation', malicious: false, contentIds: ['c-1', 'c-2'] },
    { name: 'confirm-deletion', contentIds: ['c-1'] },
    { name: 'confirm-deletion', contentIds: ['c-2'] },
    { name: 'violation', malicious: false, contentIds: ['c-3'] },
  ];
  const statuses: string[] = [];
  let s = active;
  for (const t of steps) {
    const r = transition(s, t);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    s = r.standing;
    statuses.push(s.status);
  }
  assert.deepEqual(statuses, ['locked', 'locked', 'active', 'suspended']);
  assert.equal(s.violations, 2);
  const restore = transition(s, { name: 'restore' });
  assert.ok(restore.ok);
  assert.equal(restore.standing.status, 'restored');
});

test('logged actions map to transitions; other actions leave the account alone', () => {
  assert.deepEqual(transitionForAction('lock_account', ['c-1']), { name: 'lock', contentIds: ['c-1'] });
  assert.deepEqual(transitionForAction('unlock_account', []), { name: 'unlock' });
  assert.deepEqual(transitionForAction('suspend_account', []), { name: 'suspend' });
  assert.deepEqual(transitionForAction('restore_account', []), { name: 'restore' });
  for (const a of ['remove_content', 'restore_content', 'block_identifiers', 'file_cybertip', 'refer_inhope', 'notify_user'])
    assert.equal(transitionForAction(a, []), null, a);
});

// ---- the fold agrees with the state machine ----

const ACCOUNT = { kind: 'account' as const, id: 'acct-1' };
let clock = 0;
function ev<T extends EventType>(type: T, payload: PayloadOf<T>): NewEvent {
  clock += 1;
  const e: EventOf<T> = {
    type,
    subject: ACCOUNT,
    actor: { kind: 'system', id: null },
    at: new Date(Date.UTC(2026, 10, 28, 12, 0, clock)).toISOString(),
    reason: null,
    payload,
  };
  return e as NewEvent;
}

function registered(): AccountState {
  return foldAccount(undefined, ev('account.registered', { handle: 'someone' }))!;
}

test('fold: lock until deletion, deletions confirmed on the account, the lock lifts by itself', () => {
  let s = registered();
  s = foldAccount(s, ev('action.taken', { action: 'lock_account', contentIds: ['c-1', 'c-2'] }))!;
  assert.equal(s.status, 'locked');
  assert.deepEqual(s.pendingDeletion, ['c-1', 'c-2']);
  assert.equal(s.violations, 1);
  s = foldAccount(s, ev('content.deleted', { contentIds: ['c-1'] }))!;
  assert.equal(s.status, 'locked');
  assert.deepEqual(s.pendingDeletion, ['c-2']);
  s = foldAccount(s, ev('content.deleted', { contentIds: ['c-2'] }))!;
  assert.equal(s.status, 'active');
  assert.deepEqual(s.pendingDeletion, []);
  s = foldAccount(s, ev('action.taken', { action: 'suspend_account' }))!;
  assert.equal(s.status, 'suspended');
  assert.equal(s.violations, 2);
  s = foldAccount(s, ev('action.taken', { action: 'restore_account' }))!;
  assert.equal(s.status, 'restored');
  assert.equal(s.handle, 'someone');
});

test('fold: a refused transition leaves the state exactly as it was', () => {
  let s = registered();
  s = foldAccount(s, ev('action.taken', { action: 'lock_account', contentIds: ['c-1'] }))!;
  for (const e of [
    ev('action.taken', { action: 'unlock_account' }),
    ev('action.taken', { action: 'lock_account', contentIds: ['c-5'] }),
    ev('action.taken', { action: 'restore_content' }),
    ev('content.deleted', { contentIds: ['c-9'] }),
  ]) {
    assert.deepEqual(foldAccount(s, e), s, JSON.stringify(e.payload));
  }
  const suspendedState = foldAccount(s, ev('action.taken', { action: 'suspend_account' }))!;
  assert.deepEqual(foldAccount(suspendedState, ev('action.taken', { action: 'suspend_account' })), suspendedState);
  assert.deepEqual(foldAccount(suspendedState, ev('action.taken', { action: 'lock_account', contentIds: ['c-1'] })), suspendedState);
});

test('fold: actions before the account is known change nothing', () => {
  assert.equal(foldAccount(undefined, ev('action.taken', { action: 'suspend_account' })), undefined);
  assert.equal(foldAccount(undefined, ev('content.deleted', { contentIds: ['c-1'] })), undefined);
});

test('fold and state machine agree on any sequence of events', () => {
  const ids = fc.subarray(['c-1', 'c-2', 'c-3'], { minLength: 0 });
  const event = fc.oneof(
    ids.map((contentIds) => ['action.taken', { action: 'lock_account', contentIds }] as const),
    ids.map((contentIds) => ['content.deleted', { contentIds }] as const),
    fc
      .constantFrom('suspend_account', 'unlock_account', 'restore_account', 'remove_content', 'notify_user')
      .map((action) => ['action.taken', { action }] as const),
    fc.constant(['account.updated', { handle: 'renamed' }] as const),
  );
  fc.assert(
    fc.property(fc.array(event, { maxLength: 25 }), (steps) => {
      let folded = registered();
      let standing: AccountStanding = INITIAL_STANDING;
      for (const [type, payload] of steps) {
        folded = foldAccount(folded, ev(type, { ...payload, ...('contentIds' in payload ? { contentIds: [...payload.contentIds] } : {}) }))!;
        const t: AccountTransition | null =
          type === 'content.deleted'
            ? { name: 'confirm-deletion', contentIds: payload.contentIds }
            : type === 'action.taken'
              ? transitionForAction(payload.action, 'contentIds' in payload ? payload.contentIds : [])
              : null;
        if (t) {
          const r = transition(standing, t);
          if (r.ok) standing = r.standing;
        }
        assert.deepEqual(
          { status: folded.status, pendingDeletion: folded.pendingDeletion, violations: folded.violations },
          { ...standing, pendingDeletion: [...standing.pendingDeletion] },
        );
        // The invariants the console and the platform rely on.
        assert.equal(folded.pendingDeletion.length > 0, folded.status === 'locked');
        assert.ok(folded.violations >= 0);
      }
    }),
    { numRuns: 300 },
  );
});
