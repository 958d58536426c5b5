// Three real `vigie serve` processes on one PostgreSQL database, raced on every write path a
// platform or an operator reaches: the same new author from every process at once, the same
// content id at once, a shared pool of authors with distinct ids, the same new account, webhook
// endpoints, failed staff sign-ins, CLI commands beside them (bank import, staff add,
// apikey create), one author's known image on every process (one suspension, one block), and the
// review workflow: one report per client key, one case per subject, one claim, one decision. Never a 5xx; one 201 per id and replays for the rest; every subject
// registered once; `vigie verify` passes. Skipped with a message without PostgreSQL outside CI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { clusterSkip, startCluster, type Cluster } from '../support/cluster.js';
import { runCli } from '../support/cli.js';
import { totpCode } from '../../src/services/staff/totp.js';
import { patternImage } from '../support/images.js';
import { hashImageBytes } from '../../src/detect/media/index.js';
import type { Store } from '../../src/store/store.js';

const skip = await clusterSkip();
const PROCESSES = 3;

interface Answer {
  status: number;
  body: { replayed?: boolean } & Record<string, unknown>;
}

describe(`${PROCESSES} processes on one PostgreSQL, raced`, { skip, timeout: 240_000 }, () => {
  let cluster: Cluster;
  const run = randomBytes(3).toString('hex');

  before(async () => {
    cluster = await startCluster(PROCESSES, { name: 'races' });
  });
  after(async () => {
    await cluster?.stop();
  });

  const urlOf = (i: number) => cluster.servers[i % PROCESSES]!.url;

  async function call(i: number, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${urlOf(i)}${path}`, {
      method,
      headers: { authorization: `Bearer ${cluster.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  }

  const post = (id: string, author: string, text = `placeholder text of ${id}`) => ({
    id,
    kind: 'post',
    author: { id: author, handle: author },
    text,
    links: [],
    createdAt: '2026-12-01T10:00:00Z',
  });

  async function countEvents(type: string, subjectId: string): Promise<number> {
    const store = await cluster.openStore();
    try {
      const row = await store.db
        .selectFrom('events')
        .select(sql<string>`count(*)`.as('n'))
        .where('type', '=', type)
        .where('subject_id', '=', subjectId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await store.close();
    }
  }

  async function suspensionsOf(store: Store, author: string): Promise<number> {
    const row = await store.db
      .selectFrom('events')
      .select(sql<string>`count(*)`.as('n'))
      .where('type', '=', 'action.taken')
      .where('subject_id', '=', author)
      .where('payload_json', 'like', '%suspend_account%')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  function assertNo5xx(answers: Answer[], what: string): void {
    const bad = answers.filter((a) => a.status >= 500);
    const logged = () =>
      cluster.servers
        .flatMap((s) => s.output)
        .filter((l) => /"level":(50|60)/.test(l))
        .slice(0, 3)
        .join('\n');
    assert.equal(bad.length, 0, `${what}: ${bad.length} answers were 5xx, first: ${JSON.stringify(bad[0]?.body)}\n${bad.length ? logged() : ''}`);
  }

  test('the same new author from every process at once is registered once, every post 201', async () => {
    const author = `author-same-${run}`;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i, 'POST', '/v1/content', post(`same-author-${run}-${i}`, author))));
    assertNo5xx(answers, 'same new author');
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 201),
    );
    assert.equal(await countEvents('account.registered', author), 1);
  });

  test('the same content id at once: one 201, the others replay the first answer', async () => {
    const id = `same-content-${run}`;
    const body = post(id, `author-of-${id}`);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i, 'POST', '/v1/content', body)));
    assertNo5xx(answers, 'same content id');
    assert.equal(answers.filter((a) => a.status === 201).length, 1, JSON.stringify(answers.map((a) => a.status)));
    const replays = answers.filter((a) => a.status === 200);
    assert.equal(replays.length, 11);
    for (const r of replays) assert.equal(r.body.replayed, true);
    assert.equal(await countEvents('content.ingested', id), 1);
    // The same id with other data is refused, whichever process gets it.
    const other = await Promise.all([0, 1, 2].map((i) => call(i, 'POST', '/v1/content', post(id, `author-of-${id}`, 'other text'))));
    assert.deepEqual(
      other.map((a) => a.status),
      [409, 409, 409],
    );
  });

  test('a shared pool of authors with distinct content ids: every post 201, every author registered once', async () => {
    const authors = 25;
    const total = 600;
    const answers: Answer[] = [];
    let next = 0;
    const client = async () => {
      while (next < total) {
        const i = next++;
        answers.push(await call(i, 'POST', '/v1/content', post(`pool-${run}-${i}`, `pool-author-${run}-${i % authors}`)));
      }
    };
    await Promise.all(Array.from({ length: 24 }, client));
    assertNo5xx(answers, 'shared pool');
    assert.equal(answers.filter((a) => a.status === 201).length, total);
    const store = await cluster.openStore();
    try {
      const rows = await store.db
        .selectFrom('events')
        .select(['subject_id', sql<string>`count(*)`.as('n')])
        .where('type', '=', 'account.registered')
        .where('subject_id', 'like', `pool-author-${run}-%`)
        .groupBy('subject_id')
        .execute();
      assert.equal(rows.length, authors);
      for (const r of rows) assert.equal(Number(r.n), 1, `${r.subject_id} registered ${r.n} times`);
    } finally {
      await store.close();
    }
  });

  test('the same new account put from every process at once: one 201, the others 200', async () => {
    const id = `acct-${run}`;
    const body = { handle: `handle-${run}`, identifiers: { email: `person-${run}@example.org` } };
    const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => call(i, 'PUT', `/v1/accounts/${id}`, body)));
    assertNo5xx(answers, 'same account');
    assert.equal(answers.filter((a) => a.status === 201).length, 1, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(answers.filter((a) => a.status === 200).length, 8);
    assert.equal(await countEvents('account.registered', id), 1);
  });

  test('CLI beside the servers: three imports of one new bank, three staff add of one name, three api keys', async () => {
    const env = { ...process.env, ...cluster.env };
    const list = join(cluster.dataDirs[0]!, `bank-${run}.txt`);
    // Benign placeholder hashes: random 256-bit values, no image behind them.
    const hashes = Array.from({ length: 50 }, () => randomBytes(32).toString('hex'));
    writeFileSync(list, hashes.join('\n') + '\n');
    const bank = `race-bank-${run}`;
    const imports = await Promise.all(
      [0, 1, 2].map(() => runCli(['bank', 'import', '--name', bank, '--format', 'lines', '--data', cluster.dataDirs[0]!, list], { env })),
    );
    for (const r of imports) assert.equal(r.code, 0, r.stdout + r.stderr);
    const store = await cluster.openStore();
    try {
      const banks = await store.db.selectFrom('banks').select('id').where('name', '=', bank).execute();
      assert.equal(banks.length, 1);
      const entries = await store.db
        .selectFrom('bank_entries')
        .select(sql<string>`count(*)`.as('n'))
        .where('bank_id', '=', banks[0]!.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(entries.n), hashes.length);
      assert.equal(await countEvents('bank.created', banks[0]!.id), 1);
    } finally {
      await store.close();
    }

    const username = `racer${run}`;
    const adds = await Promise.all(
      [0, 1, 2].map(() =>
        runCli(['staff', 'add', '--username', username, '--role', 'admin', '--password-stdin', '--data', cluster.dataDirs[0]!], {
          env,
          input: 'plum orchard lantern 42\n',
        }),
      ),
    );
    assert.deepEqual(adds.map((a) => a.code).sort(), [0, 1, 1], adds.map((a) => a.stdout + a.stderr).join('\n'));
    for (const a of adds.filter((x) => x.code === 1)) assert.match(a.stderr + a.stdout, /refused|taken|exists/i);

    const keys = await Promise.all([0, 1, 2].map((i) => runCli(['apikey', 'create', '--name', `race-${run}-${i}`, '--data', cluster.dataDirs[0]!], { env })));
    for (const k of keys) assert.equal(k.code, 0, k.stdout + k.stderr);
    const made = keys.map((k) => k.stdout.trim().split('\n').pop()!);
    assert.equal(new Set(made).size, 3);
    // A key made by one command works on every process.
    for (let i = 0; i < PROCESSES; i++) {
      const res = await fetch(`${urlOf(i)}/v1/content/none-${run}`, { headers: { authorization: `Bearer ${made[i]}` } });
      assert.ok(res.status === 404 || res.status === 403, `status ${res.status}`);
    }
  });

  test('staff: a session made by one process serves the others; endpoints created at once; failed sign-ins counted across processes', async () => {
    const username = `lead${run}`;
    const session = await staffSession(username, 'admin', 0);

    const endpoints = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        fetch(`${urlOf(i)}/v1/admin/webhooks/endpoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...session },
          body: JSON.stringify({ url: `http://127.0.0.1:9/hook-${i}` }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { endpoint?: { id: string } } })),
      ),
    );
    assert.deepEqual(
      endpoints.map((e) => e.status),
      endpoints.map(() => 201),
      JSON.stringify(endpoints.map((e) => e.body)),
    );

    // Wrong passwords from an address the user signed in from, spread over the processes:
    // never a 5xx; counted in the database, so the fifth locks the account whichever process
    // saw it, and the attempts after it are refused without counting.
    const failures = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch(`${urlOf(i)}/v1/staff/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: `wrong password ${i}`, totp: '000000' }),
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(
      failures,
      failures.map(() => 401),
    );
    const store = await cluster.openStore();
    try {
      const n = await store.db
        .selectFrom('sign_in_failures')
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 5);
      const row = await store.db.selectFrom('staff_users').select(['locked_until']).where('username', '=', username).executeTakeFirstOrThrow();
      assert.ok(row.locked_until, 'the account is locked');
    } finally {
      await store.close();
    }
  });

  test('the same known image from one author on every process at once: one suspension, its identifiers blocked once', async () => {
    const env = { ...process.env, ...cluster.env };
    // A generated test pattern plays the part of known material on a verified bank.
    const image = await patternImage(9191);
    const { pdq } = await hashImageBytes(image);
    const list = join(cluster.dataDirs[0]!, `known-${run}.txt`);
    writeFileSync(list, `${pdq}\n`);
    const imported = await runCli(['bank', 'import', '--name', `race-known-${run}`, '--verified', '--format', 'lines', '--data', cluster.dataDirs[0]!, list], {
      env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    // Every process holds the bank (the poll's bound; these processes have no NATS).
    await new Promise((r) => setTimeout(r, 6_000));
    const author = `evader-${run}`;
    const put = await call(0, 'PUT', `/v1/accounts/${author}`, { handle: author, identifiers: { deviceIds: [`device-${run}`] } });
    assert.equal(put.status, 201);
    const data = image.toString('base64');
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        call(i, 'POST', '/v1/content', { ...post(`known-${run}-${i}`, author), media: [{ id: 'm1', mimeType: 'image/png', data }] }),
      ),
    );
    assertNo5xx(answers, 'known image');
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 201),
    );
    const store = await cluster.openStore();
    try {
      assert.equal(await suspensionsOf(store, author), 1, 'suspended once');
      const removed = await store.db.selectFrom('content').select(['id', 'status']).where('id', 'like', `known-${run}-%`).execute();
      assert.equal(removed.length, 9);
      for (const c of removed) assert.equal(c.status, 'removed', c.id);
      const blocked = await store.db.selectFrom('block_registry').select('kind').where('account_id', '=', author).execute();
      assert.deepEqual(
        blocked.map((b) => b.kind),
        ['device'],
      );
    } finally {
      await store.close();
    }
  });

  /** A staff member added by the CLI and signed in on process `i`: the headers of the session. */
  async function staffSession(username: string, role: string, i: number): Promise<Record<string, string>> {
    const env = { ...process.env, ...cluster.env };
    const password = 'amber meadow signal 31';
    const add = await runCli(['staff', 'add', '--username', username, '--role', role, '--password-stdin', '--data', cluster.dataDirs[0]!], {
      env,
      input: `${password}\n`,
    });
    assert.equal(add.code, 0, add.stderr);
    const totp = OTPAuth.URI.parse(add.stdout.trim().split('\n').pop()!);
    assert.ok(totp instanceof OTPAuth.TOTP);
    const res = await fetch(`${urlOf(i)}/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, totp: totpCode(totp.secret.base32, Date.now()) }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const cookie = /vigie_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: `vigie_session=${cookie}`, 'x-csrf-token': csrfToken };
  }

  async function staffCall(i: number, session: Record<string, string>, path: string, body: unknown): Promise<Answer> {
    const res = await fetch(`${urlOf(i)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...session }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  }

  test('reports, claims and decisions from every process at once: one report per client key, one case per subject, one claim, one decision, one suspension', async () => {
    const author = `reported-${run}`;
    const id = `reported-post-${run}`;
    assert.equal((await call(0, 'POST', '/v1/content', post(id, author))).status, 201);

    // The same report (one client key) sent to every process at once.
    const same = { subject: { kind: 'content', id }, reason: 'sexualised-comment', reporter: { accountId: `reporter-${run}` }, clientKey: `key-${run}` };
    const repeated = await Promise.all(Array.from({ length: 9 }, (_, i) => call(i, 'POST', '/v1/reports', same)));
    assertNo5xx(repeated, 'same report');
    assert.equal(repeated.filter((a) => a.status === 201).length, 1, JSON.stringify(repeated.map((a) => a.status)));
    assert.equal(new Set(repeated.map((a) => a.body.reportId)).size, 1, 'every answer names the one report');
    // Reports by different people on the same subject at once all join one case.
    const others = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        call(i, 'POST', '/v1/reports', { ...same, reporter: { accountId: `reporter-${run}-${i}` }, clientKey: `key-${run}-${i}` }),
      ),
    );
    assertNo5xx(others, 'reports on one subject');
    assert.deepEqual(
      others.map((a) => a.status),
      others.map(() => 201),
    );
    const cases = new Set([...repeated, ...others].map((a) => a.body.caseId as string));
    assert.equal(cases.size, 1, `one case for the subject: ${[...cases].join(', ')}`);
    const caseId = [...cases][0]!;
    assert.equal(await countEvents('case.opened', caseId), 1);
    assert.equal((await countEvents('report.filed', caseId)) + (await countEvents('case.joined', caseId)) >= 9, true);

    // Three reviewers, each signed in on another process, claim the case at once: one holds it.
    const sessions = await Promise.all([0, 1, 2].map((i) => staffSession(`rev${run}${i}`, 'reviewer', i)));
    const claims = await Promise.all(Array.from({ length: 9 }, (_, i) => staffCall(i, sessions[i % 3]!, `/v1/cases/${encodeURIComponent(caseId)}/claim`, {})));
    assertNo5xx(claims, 'claims');
    const won = claims.map((a, i) => ({ ...a, who: i % 3 })).filter((a) => a.status === 200);
    assert.ok(won.length >= 1, JSON.stringify(claims.map((a) => a.status)));
    assert.equal(new Set(won.map((a) => a.who)).size, 1, 'only one reviewer holds the claim (the holder may claim again)');
    for (const a of claims.filter((x) => x.status !== 200)) assert.equal(a.status, 409, JSON.stringify(a.body));
    const holder = sessions[won[0]!.who]!;

    // The holder's decision sent to every process at once: decided once, enforced once.
    const finding = { clauses: ['content.sexualised-comment-minor'], malicious: true };
    const decisions = await Promise.all(Array.from({ length: 6 }, (_, i) => staffCall(i, holder, `/v1/cases/${encodeURIComponent(caseId)}/decision`, finding)));
    assertNo5xx(decisions, 'decisions');
    assert.equal(decisions.filter((a) => a.status === 200).length, 1, JSON.stringify(decisions.map((a) => [a.status, a.body])));
    for (const a of decisions.filter((x) => x.status !== 200)) assert.equal(a.status, 409, JSON.stringify(a.body));
    assert.equal(await countEvents('case.decided', caseId), 1);
    const store = await cluster.openStore();
    try {
      assert.equal(await suspensionsOf(store, author), 1, 'suspended once');
    } finally {
      await store.close();
    }
  });

  test('vigie verify passes after the races', async () => {
    const verify = await runCli(['verify', '--data', cluster.dataDirs[0]!], { env: { ...process.env, ...cluster.env } });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
