// The platforms one vigie serves: registering one (an operator's act, logged) and listing
// them. The default platform exists from the first migration on, so a single-platform
// deployment never touches this.
import type { Store } from '../../store/store.js';
import { insertPlatform, platformById, platformRows, toPlatformInfo, type PlatformInfo } from '../../store/platforms.js';
import type { Actor } from '../../moderation/events.js';
import { PLATFORM_ID } from '../../moderation/platform-ids.js';
import { conflict, invalid } from '../errors.js';

export type { PlatformInfo };

export async function createPlatform(store: Store, input: { id: string; name: string; actor: Actor; at: string }): Promise<PlatformInfo> {
  if (!PLATFORM_ID.test(input.id)) throw invalid('a platform id is 1 to 32 lower-case letters, digits and inner hyphens (for example "forum-2")');
  const name = input.name.trim();
  if (!name || name.length > 100) throw invalid('a platform needs a name of 1 to 100 characters');
  await store.write(async (w) => {
    const inserted = await insertPlatform(w.tx, { id: input.id, name, created_at: input.at });
    if (!inserted) throw conflict(`the platform ${input.id} already exists`);
    await w.append([
      { type: 'platform.created', subject: { kind: 'platform', id: input.id }, actor: input.actor, at: input.at, reason: null, payload: { name } },
    ]);
  });
  return { id: input.id, name, createdAt: input.at };
}

export async function listPlatforms(store: Pick<Store, 'db'>): Promise<PlatformInfo[]> {
  return (await platformRows(store.db)).map(toPlatformInfo);
}

/** Refuses a platform id that names no platform (a key or an endpoint for it would act for nobody). */
export async function requirePlatform(store: Pick<Store, 'db'>, id: string): Promise<void> {
  if (!(await platformById(store.db, id))) throw invalid(`there is no platform "${id}" (vigie platform list)`);
}
