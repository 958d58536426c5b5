// The statement of reasons as the person reads it on the appeal page (DSA Art. 17(3)): the
// measure and its scope, the rule in one plain sentence per clause, whether automated means
// were used, and the ways to redress. Shown only where the policy allows notice.
import { html, type Html } from './html.js';
import type { Lang } from './language.js';
import { clauseSentences, type RestrictionFacts } from '../../policy/statement-of-reasons.js';

const WORDS = {
  en: {
    title: 'Statement of reasons',
    measure: {
      remove_content: 'Content was removed.',
      suspend_account: 'The account was suspended.',
      lock_account: 'The account is locked until the listed content is deleted. It has no end date otherwise.',
    },
    scope: 'It applies wherever the service is offered.',
    found: { reported: 'It followed a report from a user.', own: 'It followed our own checks.' },
    automated: { yes: 'Automated tools were used to find the content.', no: 'No automated tool was used to find the content.' },
    decided: { yes: 'The decision was taken automatically.', no: 'A trained person took the decision.' },
  },
  fr: {
    title: 'Exposé des motifs',
    measure: {
      remove_content: 'Un contenu a été retiré.',
      suspend_account: 'Le compte a été suspendu.',
      lock_account: 'Le compte est verrouillé jusqu’à la suppression des contenus indiqués. Il n’a pas d’autre date de fin.',
    },
    scope: 'La mesure s’applique partout où le service est proposé.',
    found: { reported: 'Elle fait suite au signalement d’un utilisateur.', own: 'Elle fait suite à nos propres vérifications.' },
    automated: { yes: 'Des outils automatisés ont servi à repérer le contenu.', no: 'Aucun outil automatisé n’a servi à repérer le contenu.' },
    decided: { yes: 'La décision a été prise automatiquement.', no: 'Une personne formée a pris la décision.' },
  },
} as const;

export function reasonsSection(lang: Lang, statements: readonly RestrictionFacts[]): Html | undefined {
  if (statements.length === 0) return undefined;
  const w = WORDS[lang];
  const first = statements[0]!;
  const clauses = [...new Set(statements.flatMap((s) => s.clauses))];
  return html`<div class="reasons" id="statement-of-reasons">
    <h3>${w.title}</h3>
    <ul>
      ${[...new Set(statements.map((s) => s.action))].map((a) => html`<li>${w.measure[a]}</li>`)}
      ${clauseSentences(clauses).map((c) => html`<li>${c[lang]}</li>`)}
      <li>${w.scope}</li>
      <li>${first.reported ? w.found.reported : w.found.own}</li>
      <li>${statements.some((s) => s.automatedDetection) ? w.automated.yes : w.automated.no}</li>
      <li>${statements.some((s) => s.automatedDecision) ? w.decided.yes : w.decided.no}</li>
    </ul>
  </div>`;
}
