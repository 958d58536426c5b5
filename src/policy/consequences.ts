// What follows from a violation. Each consequence names the action kinds that carry it out,
// so that every planned action can say which part of the policy it enforces.
import type { ConsequenceClause } from './types.js';

export const CONSEQUENCE_IDS = [
  'consequence.remove-without-notice',
  'consequence.permanent-suspension',
  'consequence.no-new-accounts',
  'consequence.report-ncmec',
  'consequence.refer-inhope',
  'consequence.lock-until-deletion',
  'consequence.suspend-after-lock',
  'consequence.appeal',
] as const;
export type ConsequenceId = (typeof CONSEQUENCE_IDS)[number];

export const CONSEQUENCES: readonly ConsequenceClause<ConsequenceId>[] = [
  {
    id: 'consequence.remove-without-notice',
    kind: 'consequence',
    actions: ['remove_content'],
    title: { en: 'Removal without notice', fr: 'Retrait sans préavis' },
    summary: {
      en: 'Material is removed at once, and the person who posted it is not told about the removal.',
      fr: 'Les contenus sont retirés immédiatement, sans que la personne qui les a publiés soit informée du retrait.',
    },
  },
  {
    id: 'consequence.permanent-suspension',
    kind: 'consequence',
    actions: ['suspend_account'],
    title: { en: 'Permanent suspension', fr: 'Suspension définitive' },
    summary: {
      en: 'In most cases the account is suspended at once and for good.',
      fr: 'Dans la plupart des cas, le compte est suspendu immédiatement et définitivement.',
    },
  },
  {
    id: 'consequence.no-new-accounts',
    kind: 'consequence',
    actions: ['block_identifiers'],
    title: { en: 'No new accounts', fr: 'Pas de nouveau compte' },
    summary: {
      en: 'A suspended person may not open new accounts; the identifiers of the suspended account are blocked at sign-up.',
      fr: 'Une personne suspendue ne peut pas ouvrir de nouveau compte ; les identifiants du compte suspendu sont bloqués à l’inscription.',
    },
  },
  {
    id: 'consequence.report-ncmec',
    kind: 'consequence',
    actions: ['file_cybertip'],
    title: { en: 'Report to NCMEC', fr: 'Signalement au NCMEC' },
    summary: {
      en: 'Material, including links to other sites that host it, is reported to the NCMEC CyberTipline, as is the exploitation of a child through enticement or trafficking.',
      fr: 'Les contenus, y compris les liens vers d’autres sites qui les hébergent, sont signalés à la CyberTipline du NCMEC, de même que l’exploitation d’un enfant par sollicitation ou par la traite.',
    },
  },
  {
    id: 'consequence.refer-inhope',
    kind: 'consequence',
    actions: ['refer_inhope'],
    title: { en: 'Referral to INHOPE', fr: 'Transmission à INHOPE' },
    summary: {
      en: 'Material hosted outside the United States is referred, by its address only, to the INHOPE hotline of the country that hosts it.',
      fr: 'Les contenus hébergés hors des États-Unis sont transmis, par leur seule adresse, au service de signalement (hotline) INHOPE du pays qui les héberge.',
    },
  },
  {
    id: 'consequence.lock-until-deletion',
    kind: 'consequence',
    actions: ['remove_content', 'lock_account', 'notify_user'],
    title: { en: 'Lock until deletion', fr: 'Verrouillage jusqu’à suppression' },
    summary: {
      en: 'Where a person found no malicious intent, the account holder is told which items to delete and the account stays locked until every one of them is deleted; the lock then lifts by itself.',
      fr: 'Lorsqu’une personne n’a constaté aucune intention malveillante, le titulaire du compte est informé des éléments à supprimer et le compte reste verrouillé jusqu’à ce qu’ils le soient tous ; le verrouillage se lève alors de lui-même.',
    },
  },
  {
    id: 'consequence.suspend-after-lock',
    kind: 'consequence',
    actions: ['suspend_account'],
    title: { en: 'No second chance', fr: 'Pas de seconde chance' },
    summary: {
      en: 'A further violation after an earlier one, or during a lock, means permanent suspension whatever the intent.',
      fr: 'Une nouvelle infraction après une première, ou pendant un verrouillage, entraîne la suspension définitive, quelle que soit l’intention.',
    },
  },
  {
    id: 'consequence.appeal',
    kind: 'consequence',
    actions: ['restore_account', 'restore_content'],
    title: { en: 'Appeal', fr: 'Recours' },
    summary: {
      en: 'A person whose account was suspended or locked may appeal; another reviewer decides, and a successful appeal restores the account.',
      fr: 'Une personne dont le compte a été suspendu ou verrouillé peut faire appel ; un autre relecteur décide, et un recours accueilli rétablit le compte.',
    },
  },
];
