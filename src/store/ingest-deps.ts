// What a writer needs to judge conversations and carry decisions out, built the same way
// on the main thread and on the ingest thread.
import type { Store } from './store.js';
import type { IngestDeps } from './ingest-store.js';
import type { TextEngine } from '../detect/text/index.js';
import { conversationJudge } from '../moderation/text-signals.js';
import { sharedBlockRegistry, type BlockRegistry } from './block-registry.js';
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
  // Opened here, outside any transaction: opening reads the registry, which on SQLite's
  // single connection would wait forever behind the transaction that asked for it. A
  // registry that cannot open (a server secret that differs from the one it was written
  // with) must not stop removals and suspensions: the block_identifiers action is in the
  // log either way, for an operator to redo once the secret is right.
  let registry: BlockRegistry | undefined;
  let openError = '';
  try {
    registry = await sharedBlockRegistry(store, settings.dataDir);
  } catch (err) {
    openError = err instanceof Error ? err.message : String(err);
    warn('the block registry cannot open: suspended accounts will not be blocked', openError);
  }
  let blocked = false;
  const deps: IngestDeps = {
    judgeConversation: conversationJudge(text, (err) => warn('text could not be evaluated', err.message)),
    decisions: {
      options: { autoActionVerifiedBanks: settings.autoActionVerifiedBanks },
      enforcement: {
        blockIdentifiers: async (w, accountId, identifiers, at) => {
          if (!registry) {
            warn(`identifiers of account ${accountId} were not put on the block registry`, openError);
            return;
          }
          blocked = true;
          await registry.blockAccountIdentifiers(w, accountId, identifiers, at);
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
