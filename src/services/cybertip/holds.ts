// The preservation hold a submitted report places on what it reported (18 U.S.C. § 2258A(h):
// one year from submission). The evidence vault owns holds (services/vault/holds.ts,
// `placeHold`); the filing workflow only asks for one through this port, so that it does not
// depend on how the vault stores them. The composition root wires `place` to the vault.
import type { Actor } from '../../moderation/events.js';

export interface HoldRequest {
  caseId: string | null;
  cybertipId: string;
  sha256s: string[];
  contentIds: string[];
  accountId: string;
  reason: string;
  /** ISO-8601: one year after submission. */
  until: string;
  actor: Actor;
}

export interface PreservationHolds {
  /**
   * Places the hold. Called again with the same cybertipId after a crash between the hold and
   * its record, so the vault should treat a second request for one report as the first.
   */
  place(request: HoldRequest): Promise<void>;
}

/** One year after `at`, as the statute counts it (the same date a year later). */
export function oneYearAfter(at: string): string {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString();
}
