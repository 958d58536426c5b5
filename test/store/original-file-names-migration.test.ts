// Migration 021 on a store whose media were written before it: the media rows gain an empty
// original_file_name (the name was not kept then) and keep everything else; media ingested
// after it keep the uploader's name.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachStore } from '../support/stores.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { patternImage } from '../support/images.js';
import { freshId } from '../support/seed.js';
import { originalFileNames } from '../../src/store/migrations/021-original-file-names.js';

describeEachStore('migration 021 (original file names)', (store) => {
  let t: TestApp;
  after(async () => t?.app.close());

  test('media rows from before have none; media after it keep the name', async () => {
    t = await buildTestApp(store());
    const post = (id: string, seed: number, name?: string) =>
      patternImage(seed, 160, 120).then((bytes) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/content',
          headers: t.auth(),
          payload: {
            id,
            kind: 'post',
            author: { id: 'migration-author' },
            media: [{ id: 'm1', data: bytes.toString('base64'), ...(name !== undefined ? { originalFileName: name } : {}) }],
            createdAt: '2026-11-28T11:59:00Z',
          },
        }),
      );
    const before = freshId('before-021');
    assert.equal((await post(before, 7300)).statusCode, 201);
    const db = store().db;
    const row = await db.selectFrom('media').select(['sha256', 'md5', 'detected_type']).where('content_id', '=', before).executeTakeFirstOrThrow();
    // The store as 020 left it: no original_file_name column.
    await db.schema.alterTable('media').dropColumn('original_file_name').execute();

    await originalFileNames().up(db as never);

    const kept = await db
      .selectFrom('media')
      .select(['sha256', 'md5', 'detected_type', 'original_file_name'])
      .where('content_id', '=', before)
      .executeTakeFirstOrThrow();
    assert.deepEqual(kept, { ...row, original_file_name: null });
    const after021 = freshId('after-021');
    assert.equal((await post(after021, 7301, 'scan 7.png')).statusCode, 201);
    const named = await db.selectFrom('media').select('original_file_name').where('content_id', '=', after021).executeTakeFirstOrThrow();
    assert.equal(named.original_file_name, 'scan 7.png');
  });
});
