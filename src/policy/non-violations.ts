// What does not break the policy. Talking about the problem, asking for help and fighting
// it are protected, so that the policy never silences victims, parents or prevention work.
import type { NonViolationClause } from './types.js';

export const NON_VIOLATION_IDS = ['non-violation.discussion', 'non-violation.seeking-help', 'non-violation.advocacy'] as const;
export type NonViolationId = (typeof NON_VIOLATION_IDS)[number];

export const NON_VIOLATIONS: readonly NonViolationClause<NonViolationId>[] = [
  {
    id: 'non-violation.discussion',
    kind: 'non-violation',
    title: { en: 'Discussion', fr: 'Discussion' },
    summary: {
      en: 'Talking about child sexual exploitation as a subject is allowed, as long as it does not normalise, promote or glorify it.',
      fr: 'Parler de l’exploitation sexuelle des enfants comme d’un sujet est permis, tant que cela ne la banalise pas, ne la promeut pas et ne la glorifie pas.',
    },
  },
  {
    id: 'non-violation.seeking-help',
    kind: 'non-violation',
    title: { en: 'Seeking help', fr: 'Demander de l’aide' },
    summary: {
      en: 'People looking for help with an attraction to minors may say so and ask for support.',
      fr: 'Les personnes qui cherchent de l’aide face à une attirance envers les mineurs peuvent le dire et demander du soutien.',
    },
  },
  {
    id: 'non-violation.advocacy',
    kind: 'non-violation',
    title: { en: 'Advocacy', fr: 'Plaidoyer' },
    summary: {
      en: 'Speaking out against harm to minors is allowed, provided no material is shared or linked.',
      fr: 'Dénoncer les atteintes aux mineurs est permis, à condition de ne partager aucun contenu et de ne renvoyer vers aucun.',
    },
  },
];
