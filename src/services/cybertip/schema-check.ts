// At start, the filing side fetches NCMEC's current schema (GET /xsd) and says whether it is
// the one the report builders were written for. A difference is not an error by itself (NCMEC
// often adds optional fields), but an operator must look: a changed sequence would make NCMEC
// refuse every report with 4100.
import { createHash } from 'node:crypto';
import { BUILT_FOR_SCHEMA } from '../../legal/ncmec/schema-version.js';
import type { CyberTiplineClient } from './ncmec-client.js';

export type SchemaCheck =
  { status: 'same'; sha256: string } | { status: 'different'; sha256: string; expected: string } | { status: 'unreachable'; error: string };

export async function checkNcmecSchema(client: CyberTiplineClient): Promise<SchemaCheck> {
  let xsd: string;
  try {
    xsd = await client.xsd();
  } catch (err) {
    return { status: 'unreachable', error: err instanceof Error ? err.message : String(err) };
  }
  const sha256 = createHash('sha256').update(xsd, 'utf8').digest('hex');
  return sha256 === BUILT_FOR_SCHEMA.sha256 ? { status: 'same', sha256 } : { status: 'different', sha256, expected: BUILT_FOR_SCHEMA.sha256 };
}
