// vPDQ as a bank hash type. A bank entry is one video: its value is the list of its
// distinct frame hashes with their quality (frames.ts), too long to be a unique key in a
// database index, so the entry's `hash` is the SHA-256 of that value.

import { createHash } from 'node:crypto';
import type { HashTypeDef } from '../hash-type.js';
import { formatVpdqValue, parseVpdqValue } from './frames.js';
import { VPDQ_BANK_MATCH_PERCENT, VPDQ_UPLOAD_MATCH_PERCENT, vpdqPercents } from './match-rule.js';
import { VpdqIndex } from './vpdq-index.js';

export const VPDQ_TYPE: HashTypeDef<VpdqIndex> = {
  name: 'vpdq',
  describe: 'quality:hex frame hashes separated by commas',
  // python-threatexchange writes vPDQ as JSON, which this one-line form is not.
  threatExchangeNames: [],
  parse(text) {
    const parsed = parseVpdqValue(text);
    if (!parsed.ok) return parsed;
    const value = formatVpdqValue(parsed.frames);
    return { ok: true, hash: createHash('sha256').update(value).digest('hex'), value };
  },
  print: (entry) => entry.value ?? '',
  compare(a, b) {
    const pa = parseVpdqValue(a);
    const pb = parseVpdqValue(b);
    if (!pa.ok) throw new Error(pa.reason);
    if (!pb.ok) throw new Error(pb.reason);
    const p = vpdqPercents(pa.frames, pb.frames);
    return {
      matched: p.comparedMatchPercent >= VPDQ_BANK_MATCH_PERCENT && p.queryMatchPercent >= VPDQ_UPLOAD_MATCH_PERCENT,
      distance: 100 - p.comparedMatchPercent,
    };
  },
  createIndex: () => new VpdqIndex(),
};
