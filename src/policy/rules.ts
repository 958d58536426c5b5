// The decision rules: why a decision came out as it did. Every decision names the rule
// that settled it (and any that shaped it), so that a reviewer in the console, an appeal
// and an auditor all read the same reason.
import type { Localized } from './types.js';

export const RULES = {
  'auto.verified-bank': {
    en: 'A match on a bank marked verified: the content is removed at once without notice, the account is suspended for good, its identifiers are blocked and a CyberTipline report is drafted.',
    fr: 'Correspondance avec une banque marquée vérifiée : le contenu est retiré immédiatement sans préavis, le compte est suspendu définitivement, ses identifiants sont bloqués et un signalement CyberTipline est préparé.',
  },
  'auto.trusted-classifier': {
    en: 'A classifier the operator trusts to act scored at or above their cut: the content is removed at once without notice, the account is suspended for good, its identifiers are blocked and a CyberTipline report is drafted.',
    fr: 'Un classifieur auquel l’opérateur a confié l’action a atteint son seuil : le contenu est retiré immédiatement sans préavis, le compte est suspendu définitivement, ses identifiants sont bloqués et un signalement CyberTipline est préparé.',
  },
  'auto.take-it-down': {
    en: 'A match on a Take It Down list (an image a minor asked to have taken down): the content is removed at once without notice and a CyberTipline report is drafted; what happens to the account is for a person to decide.',
    fr: 'Correspondance avec une liste Take It Down (une image dont une personne mineure a demandé le retrait) : le contenu est retiré immédiatement sans préavis et un signalement CyberTipline est préparé ; le sort du compte est décidé par une personne.',
  },
  'review.auto-action-off': {
    en: 'A match on a verified bank, but the operator does not allow action without a person: it goes to review first.',
    fr: 'Correspondance avec une banque vérifiée, mais l’opérateur n’autorise aucune action sans intervention humaine : elle passe d’abord en revue.',
  },
  'review.distance-beyond-cut': {
    en: 'A match on a verified bank, but further from the listed hash than the cut for action without a person: it goes to review.',
    fr: 'Correspondance avec une banque vérifiée, mais plus éloignée de l’empreinte listée que le seuil d’action sans intervention humaine : elle passe en revue.',
  },
  'review.unverified-bank': {
    en: 'A match on a bank that is not marked verified: a person reviews it before anything is done.',
    fr: 'Correspondance avec une banque non marquée vérifiée : une personne l’examine avant toute action.',
  },
  'review.link-bank': {
    en: 'A link to a listed address: a person reviews it before anything is done.',
    fr: 'Lien vers une adresse listée : une personne l’examine avant toute action.',
  },
  'review.text': {
    en: 'Text signals only ask for review: they set its priority and never suspend an account.',
    fr: 'Les signaux textuels ne font que demander une revue : ils en fixent la priorité et ne suspendent jamais un compte.',
  },
  'review.conversation': {
    en: 'What one sender showed in a conversation added up, over time, to the threshold the case-opening policy sets for it: a person reviews the conversation.',
    fr: 'Ce qu’un expéditeur a montré dans une conversation a atteint, au fil du temps, le seuil que fixe la politique d’ouverture des dossiers : une personne examine la conversation.',
  },
  'review.sender': {
    en: 'One sender reached the risk threshold in conversations with several minors: a person reviews the account.',
    fr: 'Un expéditeur a atteint le seuil de risque dans des conversations avec plusieurs mineurs : une personne examine le compte.',
  },
  'review.sextortion': {
    en: 'A threat to expose together with a demand (money, gift cards, more pictures) toward a minor: an urgent case opens at once.',
    fr: 'Une menace de diffusion accompagnée d’une exigence (argent, cartes cadeaux, autres images) envers un mineur : un dossier urgent s’ouvre aussitôt.',
  },
  'review.classifier': {
    en: 'A classifier score only asks for review.',
    fr: 'Un score de classifieur ne fait que demander une revue.',
  },
  'review.other': {
    en: 'A signal the policy does not act on by itself: a person reviews it.',
    fr: 'Un signal sur lequel la politique n’agit pas seule : une personne l’examine.',
  },
  'none.no-signal': {
    en: 'No signal and no decision by a person: nothing to do.',
    fr: 'Aucun signal et aucune décision humaine : rien à faire.',
  },
  'person.no-violation': {
    en: 'A reviewer found no violation; anything removed while waiting is put back.',
    fr: 'Un relecteur n’a constaté aucune infraction ; ce qui avait été retiré dans l’attente est rétabli.',
  },
  'person.exception-pending': {
    en: 'A reviewer applied an exception; it takes effect only once a second, senior reviewer confirms it.',
    fr: 'Un relecteur a appliqué une exception ; elle ne prend effet qu’après confirmation par un second relecteur, senior.',
  },
  'person.exception-confirmed': {
    en: 'A senior reviewer confirmed the exception: not a violation; anything removed while waiting is put back.',
    fr: 'Un relecteur senior a confirmé l’exception : pas d’infraction ; ce qui avait été retiré dans l’attente est rétabli.',
  },
  'person.exception-declined': {
    en: 'A senior reviewer declined the exception: the violation found by the first reviewer stands.',
    fr: 'Un relecteur senior a refusé l’exception : l’infraction constatée par le premier relecteur est maintenue.',
  },
  'person.malicious': {
    en: 'A reviewer found a violation with malicious intent: the content is removed without notice, the account is suspended for good, its identifiers are blocked and the case is reported.',
    fr: 'Un relecteur a constaté une infraction avec intention malveillante : le contenu est retiré sans préavis, le compte est suspendu définitivement, ses identifiants sont bloqués et le cas est signalé.',
  },
  'person.first-not-malicious': {
    en: 'A first violation without malicious intent: the content is removed and the account is locked until the listed items are deleted; the account holder is told.',
    fr: 'Première infraction sans intention malveillante : le contenu est retiré et le compte verrouillé jusqu’à la suppression des éléments listés ; le titulaire du compte en est informé.',
  },
  'person.further-violation': {
    en: 'A further violation after an earlier one or during a lock: permanent suspension whatever the intent.',
    fr: 'Nouvelle infraction après une première ou pendant un verrouillage : suspension définitive, quelle que soit l’intention.',
  },
  'note.already-suspended': {
    en: 'The account is already suspended: it is not suspended again.',
    fr: 'Le compte est déjà suspendu : il ne l’est pas une seconde fois.',
  },
  'note.nothing-to-delete': {
    en: 'Every item concerned is already deleted: there is nothing to lock the account on; the account holder is told.',
    fr: 'Tous les éléments concernés sont déjà supprimés : il n’y a rien à faire supprimer pour lever un verrouillage ; le titulaire du compte en est informé.',
  },
  'note.urgent': {
    en: 'Signs of sextortion: the case goes to the top of the queue because of the risk of self-harm.',
    fr: 'Indices de sextorsion : le cas passe en tête de file en raison du risque d’atteinte à soi.',
  },
  'note.other-signals': {
    en: 'Other signals on the same subject are kept with the decision for the reviewer who handles the report.',
    fr: 'Les autres signaux sur le même sujet sont conservés avec la décision pour la personne qui traite le signalement.',
  },
} as const satisfies Record<string, Localized>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** A rule that fired, with what made it fire (bank, distance, clauses) in plain words. */
export interface FiredRule {
  readonly id: RuleId;
  readonly text: Localized;
  readonly detail: string | null;
}

export function fired(id: RuleId, detail: string | null = null): FiredRule {
  return { id, text: RULES[id], detail };
}
