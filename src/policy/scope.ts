// What the policy covers, and how anyone can tell us about a breach of it.
import type { ReportingClause, ScopeClause } from './types.js';

export const SCOPE_IDS = ['scope.minor', 'scope.formats', 'scope.intent'] as const;
export type ScopeId = (typeof SCOPE_IDS)[number];

export const SCOPE: readonly ScopeClause<ScopeId>[] = [
  {
    id: 'scope.minor',
    kind: 'scope',
    title: { en: 'Who is a minor', fr: 'Qui est mineur' },
    summary: {
      en: 'A minor is anyone under 18 years of age.',
      fr: 'Est mineure toute personne de moins de 18 ans.',
    },
  },
  {
    id: 'scope.formats',
    kind: 'scope',
    title: { en: 'Every format', fr: 'Tous les formats' },
    summary: {
      en: 'The policy applies to photos, videos, text, drawings and images made by a computer alike.',
      fr: 'La politique s’applique de la même façon aux photos, vidéos, textes, dessins et images produites par ordinateur.',
    },
  },
  {
    id: 'scope.intent',
    kind: 'scope',
    title: { en: 'Intent does not matter for material', fr: 'L’intention ne change rien pour les contenus' },
    summary: {
      en: 'Viewing, sharing or linking to such material breaks the policy whatever the reason for doing it; intent only changes the consequence.',
      fr: 'Consulter, partager ou relayer par un lien de tels contenus enfreint la politique, quelle qu’en soit la raison ; l’intention ne change que la sanction.',
    },
  },
];

export const REPORTING_IDS = ['reporting.anyone'] as const;
export type ReportingId = (typeof REPORTING_IDS)[number];

export const REPORTING: readonly ReportingClause<ReportingId>[] = [
  {
    id: 'reporting.anyone',
    kind: 'reporting',
    title: { en: 'Anyone can report', fr: 'Tout le monde peut signaler' },
    summary: {
      en: 'Anyone can report a breach, with or without an account; a report names the account and points to the posts concerned. A report alone never decides anything.',
      fr: 'Toute personne peut signaler une infraction, avec ou sans compte ; un signalement désigne le compte et renvoie aux publications concernées. Un signalement seul ne décide jamais de rien.',
    },
  },
];
