// The narrow contexts in which a non-sexualised depiction of an unclothed minor is not a
// violation. Only a person may apply one, and a second, senior person must confirm it
// (decide.ts enforces both); that is why each exception names the few clauses it covers.
import type { ExceptionClause } from './types.js';
import type { ContentViolationId } from './violations.js';

export const EXCEPTION_IDS = ['exception.renowned-art', 'exception.news-reporting', 'exception.scientific-educational'] as const;
export type ExceptionId = (typeof EXCEPTION_IDS)[number];

/** Exceptions concern depictions only: no context excuses a behaviour towards a child. */
const DEPICTIONS: readonly ContentViolationId[] = ['content.visual-depiction', 'content.illustrated-depiction'];

export const EXCEPTIONS: readonly ExceptionClause<ExceptionId, ContentViolationId>[] = [
  {
    id: 'exception.renowned-art',
    kind: 'exception',
    covers: DEPICTIONS,
    title: { en: 'Works of renowned artists', fr: 'Œuvres d’artistes de renom' },
    summary: {
      en: 'A non-sexualised depiction of an unclothed minor in a work by an internationally renowned artist. Decided by a person and confirmed by a senior reviewer.',
      fr: 'Représentation non sexualisée d’une personne mineure dévêtue dans l’œuvre d’un artiste de renommée internationale. Décidée par une personne et confirmée par un relecteur senior.',
    },
  },
  {
    id: 'exception.news-reporting',
    kind: 'exception',
    covers: DEPICTIONS,
    title: { en: 'News reporting', fr: 'Information' },
    summary: {
      en: 'A non-sexualised depiction of an unclothed minor in news reporting. Decided by a person and confirmed by a senior reviewer.',
      fr: 'Représentation non sexualisée d’une personne mineure dévêtue dans un travail d’information journalistique. Décidée par une personne et confirmée par un relecteur senior.',
    },
  },
  {
    id: 'exception.scientific-educational',
    kind: 'exception',
    covers: DEPICTIONS,
    title: { en: 'Science and education', fr: 'Science et éducation' },
    summary: {
      en: 'A non-sexualised depiction of an unclothed minor in scientific or educational media. Decided by a person and confirmed by a senior reviewer.',
      fr: 'Représentation non sexualisée d’une personne mineure dévêtue dans un support scientifique ou éducatif. Décidée par une personne et confirmée par un relecteur senior.',
    },
  },
];
