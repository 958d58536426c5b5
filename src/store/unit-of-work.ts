// A unit of work: one transaction with the log's append and effects deferred until it
// commits. On PostgreSQL a unit of work that the database ended to break a deadlock runs
// again from the start (Store.write), so its work must act only through the transaction and
// onCommit, never on anything outside that a second run would repeat. Services receive it from Store.write and pass it down; a function whose writes
// must commit with its caller's (appending events, queueing deliveries, blocking
// identifiers) takes a UnitOfWork or an InTx, and the compiler then refuses a call from
// outside a transaction, since neither can be made anywhere but inside Store.write.
import type { Dialect } from './database.js';
import type { Tx } from './transaction.js';
import type { LoggedEvent, NewEvent } from '../moderation/events.js';
import type { Projected } from './projection.js';

declare const inTransaction: unique symbol;

/** A transaction handle that only Store.write hands out. */
export type InTx = Tx & { readonly [inTransaction]: true };

export interface AppendOptions {
  /**
   * Lock every partition's head now (PostgreSQL), for a unit of work that will append again
   * (the decision on a post it appends first): its later appends then need no head it does
   * not already hold, so it cannot deadlock with another writer.
   */
  allHeads?: boolean;
}

export interface UnitOfWork {
  readonly tx: InTx;
  readonly dialect: Dialect;
  /** Seals events into the log and brings the cached state up to date, in this transaction. */
  append(events: readonly NewEvent[], options?: AppendOptions): Promise<{ logged: LoggedEvent[]; projected: Projected }>;
  /**
   * Runs `effect` once the transaction has committed and is durable, never if it rolls
   * back: memory caches, waking workers, refreshing registries. An effect that throws is
   * reported to the store's effect-error hook; it cannot undo the commit.
   */
  onCommit(effect: () => void | Promise<void>): void;
}
