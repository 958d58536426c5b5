// `vigie cybertip build ID --out FILE`: the <report> document the report sends (or, once
// submitted, sent), written to a file; nothing goes to NCMEC.
import { writeFile } from 'node:fs/promises';
import { configFrom, openStore } from '../options.js';
import type { CybertipBuildOptions } from '../grammar/cybertip.js';
import { cybertipDocument } from '../../services/cybertip/read-reports.js';
import { ServiceError } from '../../services/errors.js';

export async function run(id: string, values: CybertipBuildOptions): Promise<number> {
  const config = configFrom(values);
  const store = await openStore(config);
  try {
    const { xml, sent } = await cybertipDocument(store, { reporter: config.ncmec.reporter, platform: config.ncmec.platform }, id, new Date());
    await writeFile(values.out, xml);
    process.stderr.write(`${sent ? 'the document submitted to NCMEC' : 'the document that would be submitted'} written to ${values.out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ServiceError) {
      process.stderr.write(`vigie cybertip build: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
