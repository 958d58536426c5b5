// What the filing tests share: an API on the store with the ncmec section set, a verified
// bank holding a benign generated image (it plays the part of known material), a post of
// that image by a fresh account (so a report is drafted), the fake CyberTipline, and filing
// dependencies whose holds go to the evidence vault and are also kept in memory, so that a
// test can say what was asked.
import assert from 'node:assert/strict';
import type { Store } from '../../../src/store/store.js';
import type { ConfigOverrides } from '../../../src/config/config.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { matchablePatternImage } from '../../support/images.js';
import { freshId } from '../../support/seed.js';
import { hashImageBytes } from '../../../src/detect/media/index.js';
import { createBank } from '../../../src/services/banks/create-bank.js';
import { importEntries } from '../../../src/services/banks/import-entries.js';
import { ncmecClient } from '../../../src/services/cybertip/ncmec-client.js';
import type { FilingDeps } from '../../../src/services/cybertip/file-report.js';
import type { HoldRequest, PreservationHolds } from '../../../src/services/cybertip/holds.js';
import type { FakeCyberTipline } from '../../support/fake-cybertipline.js';
import type { Reviewer } from '../../../src/services/cases/reviewer.js';
import { vaultHolds } from '../../../src/main/cybertip-filing.js';
import { permissionsOf } from '../../../src/services/staff/roles.js';

const SYSTEM = { kind: 'system' as const, id: null };

export const REPORTER = {
  firstName: 'Trust',
  lastName: 'Safety',
  email: 'legal@example.org',
  companyTemplate: 'Legal process: legal@example.org.',
  legalUrl: 'https://example.org/legal',
};

let nextSeed = 9000;

export const LEGAL: Reviewer = { id: 'legal-1', permissions: permissionsOf('legal'), platforms: null };

/** `extra`: more configuration; its ncmec fields join the ones set here. */
export async function cybertipApp(
  store: Store,
  autoFile = false,
  verified = true,
  extra: ConfigOverrides = {},
): Promise<TestApp & { bankName: string; image: Buffer }> {
  const bankName = `verified-${freshId('bank')}`;
  const t = await buildTestApp(store, {
    ...extra,
    ncmec: {
      reporter: { ...REPORTER, phone: undefined, termsOfService: undefined },
      platform: 'Example Social',
      autoFileBanks: autoFile ? [bankName] : [],
      ...extra.ncmec,
    },
  });
  const { bytes: image, seed } = await matchablePatternImage(nextSeed);
  nextSeed = seed + 1;
  const { pdq } = await hashImageBytes(image);
  const at = new Date().toISOString();
  const bank = await createBank(store, { name: bankName, hashType: 'pdq', source: 'internal', verified }, SYSTEM, at);
  const { added } = await importEntries(store, bank, [{ hash: pdq, label: 'test material stand-in' }], SYSTEM, at);
  t.ctx.knownMaterial.addEntries(added, bank);
  return Object.assign(t, { bankName, image });
}

/** An account posts the bank's image: it is removed, the account suspended, a report drafted. Returns the report id. */
export async function postKnownImage(
  t: TestApp & { image: Buffer },
  store: Store,
  opts: { reviewFirst?: boolean; originalFileName?: string } = {},
): Promise<{ cybertipId: string; account: string; post: string }> {
  const account = freshId('offender');
  const post = freshId('post');
  const put = await t.app.inject({
    method: 'PUT',
    url: `/v1/accounts/${account}`,
    headers: t.auth(),
    payload: { handle: `h-${account}`, identifiers: { email: `${account}@example.org`, ips: ['192.0.2.7'], deviceIds: ['dev-1'] } },
  });
  assert.equal(put.statusCode, 201, put.body);
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/content',
    headers: t.auth(),
    payload: {
      id: post,
      kind: 'post',
      author: { id: account },
      text: 'placeholder',
      media: [{ id: 'm1', data: t.image.toString('base64'), ...(opts.originalFileName !== undefined ? { originalFileName: opts.originalFileName } : {}) }],
      createdAt: t.clock.now.toISOString(),
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  if (!opts.reviewFirst) assert.equal(res.json().state.status, 'removed', JSON.stringify(res.json()).slice(0, 600));
  if (opts.reviewFirst) return { cybertipId: '', account, post };
  const row = await store.db.selectFrom('cybertip_reports').select('id').where('account_id', '=', account).executeTakeFirst();
  assert.ok(row, 'the decision recorded a report to file');
  return { cybertipId: row.id, account, post };
}

/** The vault's holds, with every request kept for the test to read. */
export class HoldRecorder implements PreservationHolds {
  readonly placed: HoldRequest[] = [];
  private readonly vault: PreservationHolds;
  constructor(t: TestApp) {
    this.vault = vaultHolds(t.ctx);
  }
  async place(request: HoldRequest): Promise<void> {
    this.placed.push(request);
    await this.vault.place(request);
  }
}

export function filingDepsFor(t: TestApp, fake: FakeCyberTipline, holds: PreservationHolds, over: Partial<FilingDeps> = {}): FilingDeps {
  return {
    store: t.ctx.store,
    client: ncmecClient({ baseUrl: fake.url, username: fake.username, password: fake.password, timeoutMs: 10_000 }),
    holds,
    media: t.ctx.vault.media,
    settings: { reporter: { ...REPORTER, phone: undefined, termsOfService: undefined }, platform: 'Example Social', environment: 'test' },
    now: () => new Date(),
    ...over,
  };
}
