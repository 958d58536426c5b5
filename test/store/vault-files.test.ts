// The sealed media tree on disk: spooled and in-memory bytes round-trip and never lie in
// clear, a flipped byte in a stored object is refused, clear files from before the vault are
// sealed in place (and a run stopped half-way is finished by the next), and a key rotation
// leaves every object readable under the new key alone (also when stopped half-way).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaFiles, MediaIntegrityError, MediaTooLargeError } from '../../src/store/media-files.js';
import { VaultKeyMissingError, keyring } from '../../src/vault/envelope.js';
import { HEAD_BYTES as SEALED_HEAD } from '../../src/vault/envelope.js';
import { defaultVaultKeyPath, loadVaultKeys, previousVaultKeyPath } from '../../src/store/vault-keys.js';
import { openVault, rotateVaultKey, sealClearMedia } from '../../src/services/vault/vault-keys.js';
import { patternImage } from '../support/images.js';
import { assertNoClearBytes } from '../support/clear-bytes.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function* chunks(bytes: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('sealed media files', () => {
  let dir: string;
  let images: Buffer[];
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-vault-files-'));
    images = await Promise.all([1, 2, 3, 4].map((s) => patternImage(s, 96, 64)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a spool is sealed as it is written; keep moves it in; read gives the clear bytes back', async () => {
    const files = new MediaFiles(join(dir, 'spool'), keyring(k1));
    const spooled = await files.spool(chunks(images[0]!), 1 << 20);
    assert.equal(spooled.sha256, sha(images[0]!));
    assert.deepEqual(Buffer.from(spooled.head), images[0]!.subarray(0, spooled.head.length));
    assertNoClearBytes(join(dir, 'spool'), [images[0]!]);
    assert.deepEqual(await spooled.load(), images[0]);
    await files.keep(spooled);
    assert.deepEqual(await files.read(spooled.sha256), images[0]);
    await files.saveBytes(images[1]!);
    assert.deepEqual(await files.read(sha(images[1]!)), images[1]);
    assertNoClearBytes(join(dir, 'spool'), [images[0]!, images[1]!]);
    await assert.rejects(files.spool(chunks(images[2]!), 100), MediaTooLargeError);
    assert.deepEqual(readdirSync(files.tempDir), []);
  });

  test('a flipped byte in the ciphertext, the tag or the wrapped key is refused; so is a swapped file', async () => {
    const root = join(dir, 'flip');
    const files = new MediaFiles(root, keyring(k1));
    const { sha256 } = await files.save(images[0]!);
    const path = files.pathOf(sha256);
    const good = readFileSync(path);
    for (const at of [30 /* wrapped key */, SEALED_HEAD + 50 /* ciphertext */, good.length - 2 /* tag */]) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x80;
      writeFileSync(path, bad);
      await assert.rejects(files.read(sha256), MediaIntegrityError, `byte ${at}`);
    }
    // Another object, whole and authentic, under this object's name.
    const other = await files.save(images[1]!);
    writeFileSync(path, readFileSync(files.pathOf(other.sha256)));
    await assert.rejects(files.read(sha256), MediaIntegrityError);
    writeFileSync(path, good);
    assert.deepEqual(await files.read(sha256), images[0]);
  });

  test('clear files from before the vault are sealed in place; a run stopped half-way is finished by the next', async () => {
    const dataDir = join(dir, 'migrate');
    const root = join(dataDir, 'media');
    // The tree as the version before the vault left it: clear files, and a clear spool in tmp/.
    for (const img of images) {
      const h = sha(img);
      mkdirSync(join(root, h.slice(0, 2), h.slice(2, 4)), { recursive: true });
      writeFileSync(join(root, h.slice(0, 2), h.slice(2, 4), h), img);
    }
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(join(root, 'tmp', 'left-by-a-crash.tmp'), images[0]!);

    const vault = await openVault(dataDir, { keyFile: undefined });
    let seen = 0;
    await assert.rejects(
      sealClearMedia(vault, new Date(), () => {
        if (++seen === 2) throw new Error('stopped');
      }),
      /stopped/,
    );
    assert.equal(await vault.media.sealedMarked(), false);
    const second = await sealClearMedia(vault, new Date());
    assert.equal(second.sealed, 2);
    assert.equal(second.alreadySealed, 2);
    assert.equal(second.clearTemporaryRemoved, 1);
    assert.deepEqual(second.mismatched, []);
    assert.equal(await vault.media.sealedMarked(), true);
    assertNoClearBytes(dataDir, images);
    for (const img of images) assert.deepEqual(await vault.media.read(sha(img)), img);
    // Run again: nothing to do.
    const third = await sealClearMedia(vault, new Date());
    assert.deepEqual([third.sealed, third.alreadySealed], [0, 4]);
  });

  test('the default key file is made once, mode 0600; a key of the wrong size is refused', async () => {
    const dataDir = join(dir, 'keys');
    const first = await loadVaultKeys(dataDir);
    assert.equal(first.created, true);
    assert.equal(statSync(defaultVaultKeyPath(dataDir)).mode & 0o777, 0o600);
    const again = await loadVaultKeys(dataDir);
    assert.deepEqual([again.created, again.ring.current.id], [false, first.ring.current.id]);
    await assert.rejects(loadVaultKeys(dataDir, { key: randomBytes(16).toString('base64') }), /holds 16 bytes/);
    const fromEnv = await loadVaultKeys(dataDir, { key: k1.toString('base64') });
    assert.equal(fromEnv.ring.current.id, keyring(k1).current.id);
  });

  test('rotation re-wraps every object; stopped half-way, the old key reads the rest; then the new key alone reads all', async () => {
    const dataDir = join(dir, 'rotate');
    const oldFile = join(dir, 'old.key');
    const newFile = join(dir, 'new.key');
    writeFileSync(oldFile, k1.toString('base64'), { mode: 0o600 });
    writeFileSync(newFile, k2.toString('base64'), { mode: 0o600 });
    const vault = await openVault(dataDir, { keyFile: oldFile });
    for (const img of images) await vault.media.save(img);
    await vault.snapshots.save(Buffer.from('{"a":"preserved placeholder text"}'));
    const before = readFileSync(vault.media.pathOf(sha(images[0]!)));

    let n = 0;
    await assert.rejects(
      rotateVaultKey(dataDir, { keyFile: oldFile }, newFile, () => {
        if (++n === 2) throw new Error('stopped');
      }),
      /stopped/,
    );
    const both = new MediaFiles(join(dataDir, 'media'), keyring(k2, [k1]));
    for (const img of images) assert.deepEqual(await both.read(sha(img)), img);

    const report = await rotateVaultKey(dataDir, { keyFile: oldFile }, newFile);
    assert.equal(report.media.rewrapped + report.media.alreadyCurrent, 4);
    assert.equal(report.snapshots.rewrapped, 1);
    assert.deepEqual(report.remaining, { [keyring(k2).current.id]: 5 });
    const after = readFileSync(vault.media.pathOf(sha(images[0]!)));
    assert.deepEqual(after.subarray(74), before.subarray(74), 'the data was not re-encrypted');

    const onlyNew = await openVault(dataDir, { keyFile: newFile });
    for (const img of images) assert.deepEqual(await onlyNew.media.read(sha(img)), img);
    assert.equal((await onlyNew.snapshots.read(sha(Buffer.from('{"a":"preserved placeholder text"}')))).toString(), '{"a":"preserved placeholder text"}');
    const onlyOld = new MediaFiles(join(dataDir, 'media'), keyring(k1));
    await assert.rejects(onlyOld.read(sha(images[0]!)), VaultKeyMissingError);
  });

  test('with the default key file, rotation installs the new key and keeps the old one until nothing uses it', async () => {
    const dataDir = join(dir, 'rotate-default');
    const vault = await openVault(dataDir, {});
    await vault.media.save(images[0]!);
    const newFile = join(dir, 'new-default.key');
    writeFileSync(newFile, k2.toString('base64'), { mode: 0o600 });
    const report = await rotateVaultKey(dataDir, {}, newFile);
    assert.equal(report.installedDefault, true);
    const reopened = await openVault(dataDir, {});
    assert.equal(reopened.ring.current.id, keyring(k2).current.id);
    assert.equal(reopened.ring.all.size, 2, 'the previous key is still read');
    assert.deepEqual(await reopened.media.read(sha(images[0]!)), images[0]);
    await rotateVaultKey(dataDir, {}, newFile);
    assert.throws(() => statSync(previousVaultKeyPath(dataDir)));
    assert.equal((await openVault(dataDir, {})).ring.all.size, 1);
  });
});
