// What a writer needs to judge conversations and carry decisions out, built the same way
// on the main thread and on the ingest thread.
import type { Store } from './store.js';
import type { IngestDeps } from './ingest-store.js';
import type { TextEngine } from '../detect/text/index.js';
import { conversationJudge } from '../moderation/text-signals.js';
import { sharedBlockRegistry } from './block-registry.js';
import { JobStore } from './job-store.js';

export interface WriterSettings {
  dataDir: string;
  autoActionVerifiedBanks: boolean;
  appealUrl: string;
}

/**
 * `onBlocked` hears of identifiers put on the block registry, once their transaction has
 * committed (`committed()` is called after each batch), so that another thread's copy of
 * the registry (the signup check's) can catch up at once rather than at its next refresh.
 */
export async function writerDeps(
  store: Store,
  text: TextEngine,
  settings: WriterSettings,
  warn: (message: string, detail: unknown) => void,
  onBlocked: () => void = () => {},
): Promise<{ deps: IngestDeps; committed(): void }> {
  const registry = await sharedBlockRegistry(store, settings.dataDir);
  let blocked = false;
  const deps: IngestDeps = {
    judgeConversation: conversationJudge(text, (err) => warn('text could not be evaluated', err.message)),
    decisions: {
      options: { autoActionVerifiedBanks: settings.autoActionVerifiedBanks },
      enforcement: {
        blockIdentifiers: (w, accountId, identifiers, at) => {
          blocked = true;
          return registry.blockAccountIdentifiers(w, accountId, identifiers, at);
        },
        jobs: new JobStore(store),
        appealUrl: settings.appealUrl,
      },
    },
  };
  return {
    deps,
    committed() {
      if (!blocked) return;
      blocked = false;
      onBlocked();
    },
  };
}
