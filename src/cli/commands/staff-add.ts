// `vigie staff add --username U --role R [--name "Display Name"] [--password-stdin]`:
// creates a staff user on the server itself (how the first admin comes to exist: there is
// never a default account or password). The password is typed without echo, or read from
// the first line of standard input; the TOTP enrolment URI is printed once, on stdout.
import { configFrom, openStore } from '../options.js';
import type { StaffAddOptions } from '../grammar/staff-add.js';
import { PRODUCTION_HASHING } from '../../services/staff/password-hash.js';
import { EnrolmentRefused, StaffUsernameTaken, enrolStaff, normaliseUsername } from '../../services/staff/staff-enrolment.js';
import { EVERY_PLATFORM } from '../../services/platforms/platform-access.js';
import { passwordWeakness } from '../../services/staff/password-policy.js';

export async function run(values: StaffAddOptions): Promise<number> {
  const username = normaliseUsername(values.username);

  let password: string;
  if (values.passwordStdin) {
    password = await firstLineOfStdin();
  } else if (process.stdin.isTTY) {
    password = await promptHidden(`Password for ${username}: `);
    const weakness = passwordWeakness(password, username);
    if (weakness) {
      process.stderr.write(`refused: ${weakness}\n`);
      return 1;
    }
    if ((await promptHidden('Repeat the password: ')) !== password) {
      process.stderr.write('the two passwords differ; nothing was created\n');
      return 1;
    }
  } else {
    process.stderr.write('standard input is not a terminal: pass --password-stdin to read the password from its first line\n');
    return 2;
  }

  const store = await openStore(configFrom(values));
  try {
    const { staff, otpauthUri } = await enrolStaff(
      store,
      { username, role: values.role, displayName: values.name, password, platforms: values.platform },
      PRODUCTION_HASHING,
      { kind: 'system', id: 'cli' },
      new Date().toISOString(),
      EVERY_PLATFORM,
      'vigie staff add',
    );
    process.stderr.write(
      `created staff user ${staff.username} (${staff.role}), id ${staff.id}.\n` +
        'Open this enrolment URI with an authenticator app (or make it a QR code); it is shown once and is as secret as the password:\n',
    );
    process.stdout.write(`${otpauthUri}\n`);
    return 0;
  } catch (err) {
    if (err instanceof EnrolmentRefused || err instanceof StaffUsernameTaken) {
      process.stderr.write(`refused: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.replace(/\r$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted; nothing was created'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
