// `vigie staff add` as an operator runs it: a real process, a temporary data folder, the
// password on standard input. The user it creates must then be able to sign in.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/store.js';
import { buildTestApp } from '../support/app.js';
import { eventsOf } from '../../src/store/log-store.js';
import { totpCode } from '../../src/services/staff/totp.js';
import { secretOf } from '../http/staff-harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-cli-staff-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const PASSWORD = 'granite kettle meadow 7';

function vigie(args: string[], stdin: string | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIE_DATA: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  if (stdin !== null) child.stdin.end(stdin);
  else child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('vigie staff add', () => {
  test('creates the user from the first line of stdin and prints the enrolment URI last', async () => {
    const res = await vigie(
      ['staff', 'add', '--username', 'Alice', '--role', 'admin', '--name', 'Alice Martin', '--password-stdin', '--data', dataDir],
      `${PASSWORD}\nignored second line\n`,
    );
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split('\n');
    const uri = lines.at(-1)!;
    assert.match(uri, /^otpauth:\/\/totp\/vigie:alice\?/);
    assert.equal(res.stdout.includes(PASSWORD), false);
    assert.equal(res.stderr.includes(PASSWORD), false);

    const store = await Store.open({ dataDir });
    try {
      const row = await store.db.selectFrom('staff_users').selectAll().where('username', '=', 'alice').executeTakeFirstOrThrow();
      assert.equal(row.role, 'admin');
      assert.equal(row.display_name, 'Alice Martin');
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=65536,p=1,t=2\$/, 'the production cost, not a test one');
      const events = await eventsOf(store.db, { kind: 'staff', id: row.id });
      assert.deepEqual(
        events.map((e) => [e.type, e.actor.kind, e.reason]),
        [['staff.created', 'system', 'vigie staff add']],
      );

      // The new admin signs in with the password and a code from the printed URI.
      const t = await buildTestApp(store);
      try {
        const signIn = await t.app.inject({
          method: 'POST',
          url: '/v1/staff/session',
          payload: { username: 'alice', password: PASSWORD, totp: totpCode(secretOf(uri), t.clock.now.getTime()) },
        });
        assert.equal(signIn.statusCode, 200, signIn.body);
        assert.equal(signIn.json().staff.role, 'admin');
      } finally {
        await t.app.close();
      }
    } finally {
      await store.close();
    }
  });

  test('refuses a weak password, a taken username, an unknown role, and a missing password', async () => {
    // Independent refusals, run side by side to keep the suite short.
    const [weak, taken, role, none] = await Promise.all([
      vigie(['staff', 'add', '--username', 'bruno', '--role', 'reviewer', '--password-stdin', '--data', dataDir], 'short\n'),
      vigie(['staff', 'add', '--username', 'alice', '--role', 'reviewer', '--password-stdin', '--data', dataDir], `${PASSWORD}\n`),
      vigie(['staff', 'add', '--username', 'bruno', '--role', 'owner', '--password-stdin', '--data', dataDir], `${PASSWORD}\n`),
      // No terminal and no --password-stdin: there is no default password to fall back on.
      vigie(['staff', 'add', '--username', 'bruno', '--role', 'reviewer', '--data', dataDir], null),
    ]);
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 12 characters/);
    assert.equal(weak.stdout, '');

    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /already exists/);

    assert.equal(role.code, 2);
    assert.match(role.stderr, /argument 'owner' is invalid\. Allowed choices are admin, /);

    assert.equal(none.code, 2);
    assert.match(none.stderr, /--password-stdin/);

    const store = await Store.open({ dataDir });
    try {
      const rows = await store.db.selectFrom('staff_users').select('username').execute();
      assert.deepEqual(
        rows.map((r) => r.username),
        ['alice'],
      );
    } finally {
      await store.close();
    }
  });
});
