import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  asPlatformIdentifiers,
  canonicalEmail,
  canonicalIdentifiers,
  canonicalIp,
  canonicalPhone,
  type EmailProviderRule,
} from '../../src/enforcement/identifiers.js';
import { KeyedHasher } from '../../src/enforcement/keyed-hash.js';
import { decideSignup, signalOnNewAccount, signalsOnSuspendedAccounts } from '../../src/enforcement/ban-evasion.js';
import type { NewEvent } from '../../src/moderation/events.js';
import type { PayloadOf } from '../../src/moderation/payloads.js';

function signalOf(e: NewEvent): PayloadOf<'signal.recorded'> {
  assert.equal(e.type, 'signal.recorded');
  return e.payload as PayloadOf<'signal.recorded'>;
}

describe('email canonicalisation', () => {
  test('case, surrounding space and compatibility forms fold away', () => {
    assert.equal(canonicalEmail('  Jane.Doe@Example.ORG '), 'jane.doe@example.org');
    // Full-width letters (as typed on some keyboards) are the same address after NFKC.
    assert.equal(canonicalEmail('ｊａｎｅ@example.org'), 'jane@example.org');
  });

  test('gmail ignores dots and plus tags, and googlemail is gmail', () => {
    const forms = ['jane.doe@gmail.com', 'JaneDoe@Gmail.com', 'j.a.n.e.d.o.e+signup2@gmail.com', 'jane.doe+x@googlemail.com', 'janedoe@GOOGLEMAIL.COM.'];
    for (const f of forms) assert.equal(canonicalEmail(f), 'janedoe@gmail.com', f);
  });

  test('providers with plus addressing drop the tag but keep dots', () => {
    assert.equal(canonicalEmail('jane.doe+news@outlook.com'), 'jane.doe@outlook.com');
    assert.equal(canonicalEmail('jane.doe+a+b@icloud.com'), 'jane.doe@icloud.com');
    assert.notEqual(canonicalEmail('jane.doe@outlook.com'), canonicalEmail('janedoe@outlook.com'));
  });

  test('other domains keep dots and tags: merging them could deny someone else', () => {
    assert.equal(canonicalEmail('jane.doe+news@example.org'), 'jane.doe+news@example.org');
    assert.notEqual(canonicalEmail('jane.doe@example.org'), canonicalEmail('janedoe@example.org'));
  });

  test('an internationalised domain in Unicode or punycode is one domain', () => {
    assert.equal(canonicalEmail('anna@Bücher.example'), canonicalEmail('anna@xn--bcher-kva.example'));
  });

  test('degenerate local parts are kept rather than emptied', () => {
    assert.equal(canonicalEmail('+tag@gmail.com'), '+tag@gmail.com');
    assert.equal(canonicalEmail('...@gmail.com'), '...@gmail.com');
    assert.equal(canonicalEmail('not-an-address'), 'not-an-address');
    assert.equal(canonicalEmail('   '), null);
  });

  test('the provider table is data: an operator rule applies', () => {
    const rules: EmailProviderRule[] = [{ domains: ['mail.example'], ignoreDots: true, dropPlusTag: true }];
    assert.equal(canonicalEmail('a.b+c@mail.example', rules), 'ab@mail.example');
    assert.equal(canonicalEmail('a.b+c@gmail.com', rules), 'a.b+c@gmail.com');
  });
});

describe('phone canonicalisation', () => {
  test('international and national forms reach one E.164 number', () => {
    const e164 = '+33612345678';
    assert.deepEqual(canonicalPhone('+33 6 12 34 56 78'), { value: e164, strength: 'strong' });
    assert.deepEqual(canonicalPhone('06.12.34.56.78', 'FR'), { value: e164, strength: 'strong' });
    assert.deepEqual(canonicalPhone('0033 612 345 678', 'FR'), { value: e164, strength: 'strong' });
    assert.deepEqual(canonicalPhone('+33 (0)6 12 34 56 78'), { value: e164, strength: 'strong' });
    assert.deepEqual(canonicalPhone('(202) 555-0123', 'US'), { value: '+12025550123', strength: 'strong' });
  });

  test('a number that does not parse is kept as its digits, weak', () => {
    assert.deepEqual(canonicalPhone('06 12 34 56 78'), { value: '0612345678', strength: 'weak' });
    assert.deepEqual(canonicalPhone('ext. 12345'), { value: '12345', strength: 'weak' });
    assert.equal(canonicalPhone('no digits'), null);
  });
});

describe('IP canonicalisation', () => {
  test('IPv4 stays the full address', () => {
    assert.equal(canonicalIp('203.0.113.7'), '203.0.113.7');
    assert.equal(canonicalIp('203.0.113.256'), null);
  });

  test('IPv6 is reduced to its /64 in RFC 5952 text, whatever the spelling', () => {
    const forms = ['2001:DB8:0:1:aaaa:bbbb:cccc:dddd', '2001:0db8:0000:0001::1', '2001:db8:0:1::abcd%eth0', '[2001:db8::1:0:0:0:9]'];
    for (const f of forms) assert.equal(canonicalIp(f), '2001:db8:0:1::/64', f);
    assert.equal(canonicalIp('2001:db8::'), '2001:db8::/64');
    assert.equal(canonicalIp('fe80:1:2:3:4:5:6:7'), 'fe80:1:2:3::/64');
  });

  test('IPv4-mapped IPv6 is the IPv4 address', () => {
    assert.equal(canonicalIp('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(canonicalIp('::FFFF:cb00:7107'), '203.0.113.7');
  });

  test('malformed addresses are dropped', () => {
    for (const bad of ['1:2:3', '1::2::3', 'gggg::1', '1:2:3:4:5:6:7:8:9', '::1.2.3', 'example.org']) assert.equal(canonicalIp(bad), null, bad);
  });
});

describe('canonical identifiers', () => {
  test('kinds, strengths and duplicates', () => {
    const out = canonicalIdentifiers({
      email: 'Jane.Doe+x@gmail.com',
      phone: '+33 6 12 34 56 78',
      deviceIds: [' Device-AB ', 'Device-AB', 'device-ab'],
      paymentIds: ['pm_123'],
      ips: ['203.0.113.7', '2001:db8:0:1::1', '2001:db8:0:1::2'],
    });
    assert.deepEqual(out, [
      { kind: 'email', value: 'janedoe@gmail.com', strength: 'strong' },
      { kind: 'phone', value: '+33612345678', strength: 'strong' },
      { kind: 'device', value: 'Device-AB', strength: 'strong' },
      { kind: 'device', value: 'device-ab', strength: 'strong' },
      { kind: 'payment', value: 'pm_123', strength: 'strong' },
      { kind: 'ip', value: '203.0.113.7', strength: 'weak' },
      { kind: 'ip', value: '2001:db8:0:1::/64', strength: 'weak' },
    ]);
  });

  test('the platform can declare its device and payment ids case-insensitive', () => {
    const out = canonicalIdentifiers(
      { deviceIds: ['Device-AB', 'device-ab'], paymentIds: ['PM_1'] },
      { deviceIdsIgnoreCase: true, paymentIdsIgnoreCase: true },
    );
    assert.deepEqual(
      out.map((c) => c.value),
      ['device-ab', 'pm_1'],
    );
  });

  test('identifiers kept in an account state are read defensively', () => {
    assert.deepEqual(asPlatformIdentifiers({ email: 'a@b.example', phone: 5, deviceIds: ['d', 7] }), {
      email: 'a@b.example',
      phone: undefined,
      deviceIds: ['d'],
      paymentIds: undefined,
      ips: undefined,
    });
    assert.deepEqual(asPlatformIdentifiers(null), {});
  });
});

describe('keyed hashes', () => {
  const secret = Buffer.alloc(32, 7);

  test('depend on the secret and on the kind, and are stable', () => {
    const a = new KeyedHasher(secret);
    assert.equal(a.hash('email', 'janedoe@gmail.com'), new KeyedHasher(Buffer.from(secret)).hash('email', 'janedoe@gmail.com'));
    assert.match(a.hash('email', 'janedoe@gmail.com'), /^[0-9a-f]{64}$/);
    assert.notEqual(a.hash('device', 'x1'), a.hash('payment', 'x1'));
    assert.notEqual(a.hash('device', 'x1'), new KeyedHasher(Buffer.alloc(32, 8)).hash('device', 'x1'));
    assert.notEqual(a.fingerprint(), new KeyedHasher(Buffer.alloc(32, 8)).fingerprint());
  });

  test('a short secret is refused', () => {
    assert.throws(() => new KeyedHasher(Buffer.alloc(16)), /at least 32 bytes/);
  });
});

describe('signup decisions and signals', () => {
  const actor = { kind: 'api_key' as const, id: 'key-1' };
  const at = '2026-11-28T12:00:00.000Z';

  test('strong denies, weak only reviews, nothing allows', () => {
    assert.equal(decideSignup([]), 'allow');
    assert.equal(decideSignup([{ kind: 'ip', strength: 'weak', accountId: 'a' }]), 'review');
    assert.equal(
      decideSignup([
        { kind: 'ip', strength: 'weak', accountId: 'a' },
        { kind: 'device', strength: 'strong', accountId: 'b' },
      ]),
      'deny',
    );
  });

  test('one signal per suspended account, naming kinds only', () => {
    const events = signalsOnSuspendedAccounts(
      [
        { kind: 'email', strength: 'strong', accountId: 'old-1' },
        { kind: 'ip', strength: 'weak', accountId: 'old-1' },
        { kind: 'ip', strength: 'weak', accountId: 'old-2' },
      ],
      { newAccountId: 'new-9', actor, at },
    );
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map((e) => [e.subject.id, signalOf(e).strength, signalOf(e).evidence]),
      [
        ['old-1', 1, { via: 'signup-check', kinds: ['email', 'ip'], decision: 'deny', newAccountId: 'new-9' }],
        ['old-2', 0.3, { via: 'signup-check', kinds: ['ip'], decision: 'review', newAccountId: 'new-9' }],
      ],
    );
    assert.ok(events.every((e) => e.type === 'signal.recorded' && e.payload.signal === 'ban-evasion' && e.payload.clause === 'consequence.no-new-accounts'));
  });

  test("an account's own entries do not signal against it", () => {
    assert.deepEqual(signalOnNewAccount('old-1', [{ kind: 'email', strength: 'strong', accountId: 'old-1' }], { actor, at }), []);
    const [e] = signalOnNewAccount('new-9', [{ kind: 'phone', strength: 'strong', accountId: 'old-1' }], { actor, at });
    assert.deepEqual(signalOf(e!).evidence, { via: 'account-identifiers', kinds: ['phone'], decision: 'deny', suspendedAccountIds: ['old-1'] });
  });
});
