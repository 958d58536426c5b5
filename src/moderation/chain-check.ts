// Walks stored events in log order and says which break their partition's chain. Pure: the
// caller reads the rows (src/services/log/verify-log.ts).
//
// After a bad event the walk resynchronises instead of stopping, so that one bad event does
// not make every later one look bad while a later, independent tamper is still named:
// - an event whose hash does not match its content (altered) keeps its stored hash as the
//   link the next event must carry (an alteration rarely rewrites the hash column too), but
//   its position is not trusted: the next event that links to it is accepted where it is;
// - an intact event found at the wrong place (missing predecessor, swapped, inserted) moves
//   the expected position only forwards: after a swap, the event that went back is named
//   but does not drag the rest of the partition back with it.
import { eventHash, GENESIS_HASH, type SealedFields } from './chain.js';

interface Expected {
  /** null right after an altered event, whose stored position cannot be trusted. */
  partitionSeq: number | null;
  hash: string;
}

export interface ChainEnd {
  partitionSeq: number;
  hash: string;
}

export class ChainWalk {
  private readonly expected = new Map<number, Expected>();
  private readonly last = new Map<number, ChainEnd>();

  /** Checks the next stored event (in `seq` order); returns what is wrong with it, or null. */
  next(row: SealedFields & { hash: string }): string | null {
    const exp = this.expected.get(row.partition) ?? { partitionSeq: 0, hash: GENESIS_HASH };
    const intact = eventHash(row) === row.hash;
    let problem: string | null = null;
    if (!intact) problem = 'its content does not match its hash (altered)';
    else if (exp.partitionSeq !== null && row.partitionSeq !== exp.partitionSeq + 1)
      problem = `expected position ${exp.partitionSeq + 1} in partition ${row.partition}, found ${row.partitionSeq} (an event is missing or out of order)`;
    else if (row.prevHash !== exp.hash) problem = 'its link to the previous event does not match (an event before it was removed, replaced or reordered)';

    if (!intact) this.expected.set(row.partition, { partitionSeq: null, hash: row.hash });
    else if (problem === null || exp.partitionSeq === null || row.partitionSeq > exp.partitionSeq) {
      this.expected.set(row.partition, { partitionSeq: row.partitionSeq, hash: row.hash });
    }

    const end = this.last.get(row.partition);
    if (!end || row.partitionSeq > end.partitionSeq) this.last.set(row.partition, { partitionSeq: row.partitionSeq, hash: row.hash });
    return problem;
  }

  /** Per partition, the furthest event read (position and stored hash): what its head must say. */
  ends(): ReadonlyMap<number, ChainEnd> {
    return this.last;
  }
}
