// The kind of material a decision found travels into the CyberTipline draft, where the
// report builder reads it for the file annotations; the event fits its payload schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/policy/index.js';
import { decisionEvents } from '../../src/enforcement/decision-events.js';
import { checkEvent } from '../../src/moderation/check.js';

const ctx = { at: '2026-11-28T12:00:00.000Z', actor: { kind: 'staff' as const, id: 'rev-1' }, newId: (p: string) => `${p}_1`, appealUrl: '/appeal' };

test('a reviewer’s finding of computer-generated material is on the cybertip draft', () => {
  const decision = decide({
    subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'active' },
    signals: [],
    account: { status: 'active', violations: 0 },
    review: { reviewerId: 'rev-1', clauses: ['content.illustrated-depiction'], malicious: true, materialNature: ['computer-generated'] },
  });
  const drafted = decisionEvents(decision, ctx).events.find((e) => e.type === 'cybertip.drafted');
  assert.ok(drafted && drafted.type === 'cybertip.drafted');
  assert.deepEqual(drafted.payload.materialNature, ['computer-generated']);
  checkEvent(drafted);
});

test('a draft without a known kind of material carries no such field', () => {
  const decision = decide({
    subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'active' },
    signals: [],
    account: { status: 'active', violations: 0 },
    review: { reviewerId: 'rev-1', clauses: ['content.visual-depiction'], malicious: true },
  });
  const drafted = decisionEvents(decision, ctx).events.find((e) => e.type === 'cybertip.drafted');
  assert.ok(drafted && drafted.type === 'cybertip.drafted' && !('materialNature' in drafted.payload));
});
