import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldCase, type CaseState } from '../../src/moderation/folds/case.js';
import type { NewEvent } from '../../src/moderation/events.js';

const SYSTEM = { kind: 'system' as const, id: null };
const opened: NewEvent = {
  type: 'case.opened',
  subject: { kind: 'case', id: 'k-1' },
  actor: SYSTEM,
  at: '2026-11-28T12:00:00.000Z',
  reason: null,
  payload: { subjectKind: 'content', subjectId: 'c-1', priority: 40, urgent: false, needs: 'reviewer', rule: 'review.text', clauses: [], reportIds: [] },
};
const raise = (priority: number): NewEvent => ({
  type: 'case.reprioritised',
  subject: { kind: 'case', id: 'k-1' },
  actor: SYSTEM,
  at: '2026-11-28T12:05:00.000Z',
  reason: null,
  payload: { priority, rule: 'review.classifier' },
});

test('a later signal raises an open case’s priority and never lowers it', () => {
  const open = foldCase(undefined, opened)!;
  assert.equal(foldCase(open, raise(70))!.priority, 70);
  assert.equal(foldCase(open, raise(10))!.priority, 40);
});

test('a closed or decided case keeps its priority', () => {
  const open = foldCase(undefined, opened)!;
  for (const status of ['closed', 'decided'] as const) {
    const done: CaseState = { ...open, status };
    assert.equal(foldCase(done, raise(90)), done);
  }
});
