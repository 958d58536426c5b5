// The file annotations and the <fileDetails> document, checked against NCMEC's schema
// (../shared/ncmec/cyber_tipline.xsd): every flag is an element of its fileAnnotations type,
// a boolean fixed to true; the document's children come in the schema's sequence, required
// ones present, the annotations in the choice's place. No XSD validator is installed, so the
// parts of the schema these documents use are read and checked here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseXml, type XmlElement } from '../../../src/match/ncmec/xml.js';
import { FILE_ANNOTATIONS, fileAnnotationsFor, fileDetailsXml } from '../../../src/legal/ncmec/index.js';
import { decide } from '../../../src/policy/index.js';
import { sharedPath, skipWithoutShared } from '../../support/shared.js';

// The schema is one of the shared reference files: without them (a fresh clone), the checks
// against it skip with a message; with CI set they must run.
const skip = skipWithoutShared();
let schema: { annotationsType: XmlElement; fileDetails: XmlElement } | undefined;
function xsd(): { annotationsType: XmlElement; fileDetails: XmlElement } {
  if (!schema) {
    const root = parseXml(readFileSync(sharedPath('ncmec', 'cyber_tipline.xsd'), 'utf8'));
    schema = {
      annotationsType: find(root, (e) => e.name === 'complexType' && e.attributes.name === 'fileAnnotations')!,
      fileDetails: find(root, (e) => e.name === 'element' && e.attributes.name === 'fileDetails')!,
    };
  }
  return schema;
}

function find(el: XmlElement, pred: (e: XmlElement) => boolean): XmlElement | undefined {
  if (pred(el)) return el;
  for (const c of el.children) {
    const f = find(c, pred);
    if (f) return f;
  }
  return undefined;
}

/** The sequence's element names in order, a choice's members sharing one slot; with whether each is required. */
function sequence(el: XmlElement): { names: string[]; slot: number; required: boolean }[] {
  const seq = find(el, (e) => e.name === 'sequence')!;
  const out: { names: string[]; slot: number; required: boolean }[] = [];
  seq.children.forEach((c, slot) => {
    if (c.name === 'element') out.push({ names: [c.attributes.name!], slot, required: c.attributes.minOccurs !== '0' });
    if (c.name === 'choice') out.push({ names: c.children.filter((m) => m.name === 'element').map((m) => m.attributes.name!), slot, required: false });
  });
  return out;
}

function checkFileDetails(xml: string): void {
  const doc = parseXml(xml);
  assert.equal(doc.name, 'fileDetails');
  const { annotationsType, fileDetails } = xsd();
  const slots = sequence(fileDetails);
  let last = -1;
  for (const c of doc.children) {
    const s = slots.find((x) => x.names.includes(c.name));
    assert.ok(s, `${c.name} is not a child of fileDetails in the schema`);
    assert.ok(s.slot >= last, `${c.name} is out of the schema's order`);
    last = s.slot;
  }
  for (const s of slots.filter((x) => x.required))
    assert.ok(
      doc.children.some((c) => s.names.includes(c.name)),
      `${s.names[0]} is required`,
    );
  const annotations = doc.children.find((c) => c.name === 'fileAnnotations');
  for (const flag of annotations?.children ?? []) {
    const def = annotationsType.children[0]!.children.find((e) => e.attributes.name === flag.name);
    assert.ok(def, `${flag.name} is not a file annotation in the schema`);
    assert.equal(def.attributes.type, 'xs:boolean');
    assert.equal(def.attributes.fixed, 'true');
    assert.ok(flag.text === '' || flag.text === 'true', 'a flag is empty or true, never false');
  }
}

test('every annotation vigie knows is one of the schema, and the schema has no other', { skip }, () => {
  const { annotationsType } = xsd();
  assert.equal(annotationsType.children[0]!.name, 'all');
  const names = annotationsType.children[0]!.children.filter((e) => e.name === 'element').map((e) => e.attributes.name);
  assert.deepEqual([...names].sort(), [...FILE_ANNOTATIONS].sort());
});

test('computer-generated and drawn material map to generativeAi and animeDrawingVirtualHentai', () => {
  assert.deepEqual(fileAnnotationsFor(['computer-generated']), ['generativeAi']);
  assert.deepEqual(fileAnnotationsFor(['drawn-or-animated']), ['animeDrawingVirtualHentai']);
  assert.deepEqual(fileAnnotationsFor(['drawn-or-animated', 'computer-generated'], ['viral']), ['animeDrawingVirtualHentai', 'viral', 'generativeAi']);
  assert.deepEqual(fileAnnotationsFor([]), []);
});

test('a reviewer’s finding of drawn material becomes the file annotation in a document that fits the schema', { skip }, () => {
  const decision = decide({
    subject: { accountId: 'acct-1', contentId: 'c-1', contentStatus: 'active' },
    signals: [],
    account: { status: 'active', violations: 0 },
    review: { reviewerId: 'rev-1', clauses: ['content.illustrated-depiction'], malicious: true, materialNature: ['drawn-or-animated', 'computer-generated'] },
  });
  const xml = fileDetailsXml({
    reportId: '123456',
    fileId: 'file-1',
    originalFileName: 'placeholder <name>.png',
    fileViewedByEsp: true,
    annotations: fileAnnotationsFor(decision.materialNature),
    originalFileHashes: [
      { hashType: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { hashType: 'SHA256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ],
  });
  checkFileDetails(xml);
  assert.match(xml, /<fileAnnotations><animeDrawingVirtualHentai\/><generativeAi\/><\/fileAnnotations><originalFileHash/);
  assert.match(xml, /placeholder &lt;name&gt;\.png/);
});

test('without annotations there is no empty fileAnnotations element', { skip }, () => {
  const xml = fileDetailsXml({ reportId: '1', fileId: 'f', fileViewedByEsp: false, annotations: [], originalFileHashes: [] });
  checkFileDetails(xml);
  assert.ok(!xml.includes('fileAnnotations'));
});
