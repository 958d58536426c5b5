// The report document: every clause the policy reports builds a document that NCMEC's
// schema accepts (xmllint against ../shared/ncmec/cyber_tipline.xsd), children in the
// schema's order, user-given text escaped, the incident time never in the future.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTENT_VIOLATIONS, BEHAVIOUR_VIOLATIONS } from '../../../src/policy/violations.js';
import { incidentFor, reportXml, fileDetailsXml, INCIDENT_FOR_CLAUSE, ReportBuildError, type ReportFacts } from '../../../src/legal/ncmec/index.js';
import { schemaErrors, skipWithoutValidator } from '../../support/xmllint.js';

const skip = skipWithoutValidator();

function facts(over: Partial<ReportFacts> = {}): ReportFacts {
  return {
    clauses: ['content.visual-depiction'],
    incidentAt: '2026-11-30T10:00:00.000Z',
    now: '2026-12-01T00:00:00.000Z',
    platform: 'Example <Social>',
    reporter: {
      firstName: 'Trust',
      lastName: 'Safety',
      email: 'legal@example.org',
      companyTemplate: 'Legal process: legal@example.org. Retention: one year.',
      legalUrl: 'https://example.org/legal',
    },
    account: {
      id: 'default:acct-1',
      screenName: 'user & "friends"',
      displayName: 'Placeholder Name',
      profileUrl: 'https://example.org/@user',
      emails: ['someone@example.org'],
      phones: ['+33 6 00 00 00 00'],
      ips: [{ ip: '192.0.2.10', event: 'Upload', at: '2026-11-30T10:00:00.000Z' }, { ip: '2001:db8::1' }],
      deviceIds: [{ type: 'platform-device', value: 'device-123' }],
      permanentlyDisabledAt: '2026-11-30T10:00:01.000Z',
      priorReports: ['123456', 'not-a-number'],
    },
    recipients: [],
    urls: ['https://example.org/p/1?a=1&b=2'],
    thirdPartyHosted: false,
    chat: false,
    additionalInfo: ['The file matched a verified hash list <bank>.'],
    ...over,
  };
}

const REPORTED = [...CONTENT_VIOLATIONS, ...BEHAVIOUR_VIOLATIONS].filter((c) => c.reportToNcmec).map((c) => c.id);

test('every clause the policy reports to NCMEC has an incident type, and no other clause has one', () => {
  const all = [...CONTENT_VIOLATIONS, ...BEHAVIOUR_VIOLATIONS];
  for (const c of all) assert.equal(INCIDENT_FOR_CLAUSE[c.id] !== undefined, c.reportToNcmec, c.id);
  assert.throws(() => reportXml(facts({ clauses: ['behaviour.normalise-attraction'] })), ReportBuildError);
});

test('sextortion files as online enticement with the sextortion annotation; the gravest type wins', () => {
  assert.deepEqual(incidentFor(['behaviour.sextortion']), { type: 'Online Enticement of Children for Sexual Acts', annotations: ['sextortion'] });
  assert.equal(incidentFor(['behaviour.grooming', 'content.visual-depiction'])!.type, 'Child Pornography (possession, manufacture, and distribution)');
  assert.deepEqual(incidentFor(['behaviour.obtain-material'])!.annotations, ['csamSolicitation']);
});

for (const clause of REPORTED) {
  test(`a report for ${clause} validates against NCMEC's schema`, { skip }, () => {
    const dm = clause.startsWith('behaviour.');
    const xml = reportXml(
      facts({
        clauses: [clause],
        chat: dm,
        recipients: dm ? [{ id: 'default:minor-1', screenName: 'placeholder', age: 15 }] : [],
        thirdPartyHosted: clause === 'content.link-to-material',
        urls: clause === 'content.link-to-material' ? ['https://third-party.example/page'] : ['https://example.org/p/1'],
      }),
    );
    assert.equal(schemaErrors(xml), null);
  });
}

test('the document escapes what users wrote and follows the schema order', { skip }, () => {
  const xml = reportXml(facts());
  assert.equal(schemaErrors(xml), null);
  assert.match(xml, /<screenName>user &amp; &quot;friends&quot;<\/screenName>/);
  assert.match(xml, /<platform>Example &lt;Social&gt;<\/platform>/);
  assert.match(xml, /<url>https:\/\/example.org\/p\/1\?a=1&amp;b=2<\/url>/);
  assert.ok(xml.indexOf('<incidentSummary>') < xml.indexOf('<internetDetails>'));
  assert.ok(xml.indexOf('<internetDetails>') < xml.indexOf('<reporter>'));
  assert.ok(xml.indexOf('<reporter>') < xml.indexOf('<personOrUserReported>'));
  assert.ok(xml.includes('<priorCTReports>123456</priorCTReports>') && !xml.includes('not-a-number'));
  // A link report says the content is on someone else's server.
  assert.match(reportXml(facts({ clauses: ['content.link-to-material'], thirdPartyHosted: true })), /<webPageIncident thirdPartyHostedContent="true">/);
});

test('an incident time in the future is clamped to one second before now', () => {
  const xml = reportXml(facts({ incidentAt: '2027-01-01T00:00:00.000Z' }));
  assert.match(xml, /<incidentDateTime>2026-11-30T23:59:59.000Z<\/incidentDateTime>/);
});

test('a control character a user typed cannot break the document', { skip }, () => {
  const xml = reportXml(facts({ account: { ...facts().account, displayName: 'a\u0000b\u001bc' } }));
  assert.equal(schemaErrors(xml), null);
  assert.match(xml, /<displayName>abc<\/displayName>/);
});

test('file details with every field validate, and a file not viewed says false', { skip }, () => {
  const xml = fileDetailsXml({
    reportId: '1234',
    fileId: 'abc-1',
    originalFileName: 'photo <1>.jpg',
    uploadedToEspTimestamp: '2026-11-30T10:00:00.000Z',
    fileViewedByEsp: false,
    exifViewedByEsp: false,
    publiclyAvailable: true,
    annotations: ['generativeAi'],
    industryClassification: 'A1',
    originalFileHashes: [
      { hashType: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { hashType: 'SHA256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ],
    perceptualHashes: [{ name: 'PDQ', value: 'f'.repeat(64) }],
    additionalInfo: ['matched a verified bank'],
  });
  assert.equal(schemaErrors(xml), null);
  assert.match(xml, /<fileViewedByEsp>false<\/fileViewedByEsp>/);
  assert.throws(() => fileDetailsXml({ reportId: '1', fileId: 'f', fileViewedByEsp: false, exifViewedByEsp: true, annotations: [], originalFileHashes: [] }));
});

test('fileRelevance sits after publiclyAvailable; a "Supplemental Reported" file may not carry an industry classification', { skip }, () => {
  const base = { reportId: '1', fileId: 'f', fileViewedByEsp: false, publiclyAvailable: true, annotations: [], originalFileHashes: [] } as const;
  for (const fileRelevance of ['Reported', 'Supplemental Reported'] as const) {
    const xml = fileDetailsXml({ ...base, fileRelevance });
    assert.equal(schemaErrors(xml), null);
    assert.match(xml, new RegExp(`<publiclyAvailable>true</publiclyAvailable><fileRelevance>${fileRelevance}</fileRelevance>`));
  }
  const classified = fileDetailsXml({ ...base, fileRelevance: 'Reported', industryClassification: 'B1' });
  assert.equal(schemaErrors(classified), null);
  assert.throws(() => fileDetailsXml({ ...base, fileRelevance: 'Supplemental Reported', industryClassification: 'B1' }), /Supplemental Reported/);
});
