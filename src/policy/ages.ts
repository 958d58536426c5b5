// Ages as the platform knows them, and who is writing to whom. The platform may say an
// account is a minor, give an age band, or a birth year; it often says nothing, and then
// the age is unknown: never read as "adult", because most accounts that target children
// give no age or a false one.
export const AGE_BANDS = ['under-13', '13-15', '16-17', '18+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface AgeFacts {
  /** The platform's own flag; it wins over a band or a birth year when they disagree. */
  readonly minor?: boolean | null | undefined;
  readonly ageBand?: AgeBand | null | undefined;
  readonly birthYear?: number | null | undefined;
}

export type AgeStatus = 'minor' | 'adult' | 'unknown';

/**
 * What the facts say at a time (epoch ms). A birth year alone leaves the year someone turns
 * 18 undecided (they may be 17 or 18 that year), so that year is unknown.
 */
export function ageStatus(facts: AgeFacts | undefined, at: number): AgeStatus {
  if (!facts) return 'unknown';
  if (facts.minor === true) return 'minor';
  if (facts.minor === false) return 'adult';
  if (facts.ageBand) return facts.ageBand === '18+' ? 'adult' : 'minor';
  if (typeof facts.birthYear === 'number' && Number.isInteger(facts.birthYear)) {
    const years = new Date(at).getUTCFullYear() - facts.birthYear;
    if (years <= 17) return 'minor';
    if (years >= 19) return 'adult';
  }
  return 'unknown';
}

/**
 * Where a message was written, for the case-opening policy: a public post or profile field,
 * or a direct message told apart by the two ages. Between two minors is not judged like
 * from an adult to a minor; toward a minor from someone of unknown age is judged like from
 * an adult (a fake or missing age is the usual cover).
 */
export const REVIEW_CONTEXTS = ['public', 'adults', 'adult-to-minor', 'to-minor', 'minor-to-minor', 'minor-to-adult', 'unknown-age'] as const;
export type ReviewContext = (typeof REVIEW_CONTEXTS)[number];

export function reviewContext(direct: boolean, sender: AgeStatus, recipient: AgeStatus): ReviewContext {
  if (!direct) return 'public';
  if (recipient === 'minor') {
    if (sender === 'minor') return 'minor-to-minor';
    return sender === 'adult' ? 'adult-to-minor' : 'to-minor';
  }
  if (recipient === 'adult') {
    if (sender === 'adult') return 'adults';
    if (sender === 'minor') return 'minor-to-adult';
  }
  return 'unknown-age';
}
