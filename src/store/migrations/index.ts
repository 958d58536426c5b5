// The ordered list of migrations. Names sort in order; a new migration is a new entry.
import type { Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { foundation } from './001-foundation.js';
import { banks } from './004-banks.js';
import { blockRegistry } from './005-block-registry.js';
import { conversations } from './007-conversations.js';
import { signInThrottle } from './008-sign-in-throttle.js';
import { bankVersions } from './009-bank-versions.js';
import { platforms } from './010-platforms.js';
import { bankEntryValues } from './011-bank-entry-values.js';
import { classifierUsage } from './013-classifier-usage.js';
import { caseOpening } from './014-case-opening.js';
import { review } from './015-review.js';
import { publicReport } from './016-public-report.js';
import { consoleTables } from './017-console.js';
import { preservationHolds } from './018-preservation-holds.js';
import { cybertip } from './019-cybertip.js';
import { appeals } from './020-appeals.js';
import { originalFileNames } from './021-original-file-names.js';
import { actionLookup } from './022-action-lookup.js';

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '001-foundation': foundation(dialect),
    '004-banks': banks(dialect),
    '005-block-registry': blockRegistry(dialect),
    '007-conversations': conversations(),
    '008-sign-in-throttle': signInThrottle(),
    '009-bank-versions': bankVersions(),
    '010-platforms': platforms(),
    '011-bank-entry-values': bankEntryValues(),
    '013-classifier-usage': classifierUsage(),
    '014-case-opening': caseOpening(),
    '015-review': review(),
    '016-public-report': publicReport(),
    '017-console': consoleTables(),
    '018-preservation-holds': preservationHolds(),
    '019-cybertip': cybertip(),
    '020-appeals': appeals(),
    '021-original-file-names': originalFileNames(),
    '022-action-lookup': actionLookup(dialect),
  };
}
