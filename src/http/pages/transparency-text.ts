// The transparency page's words, in French and English.
import type { Lang } from './language.js';

export const TRANSPARENCY_TEXT: Record<
  Lang,
  {
    title: string;
    intro: (weeks: number, from: string, to: string) => string;
    small: string;
    fewer: string;
    skip: string;
    switchTo: string;
    weekly: string;
    week: string;
    restrictions: string;
    cybertips: string;
    inhope: string;
    reports: string;
    appealsResolved: string;
    overturned: string;
    byClause: string;
    clause: string;
    bySource: string;
    source: string;
    count: string;
    sources: Record<string, string>;
    timeTitle: string;
    median: string;
    p90: string;
    notEnough: string;
    chartTitle: string;
    chartDesc: string;
    hours: (h: number) => string;
    overturnRate: string;
    noPersonalData: string;
  }
> = {
  en: {
    title: 'Transparency: child safety enforcement',
    intro: (weeks, from, to) => `What we did to protect children on this service over the last ${weeks} weeks (${from} to ${to}), week by week.`,
    small: 'To protect the people concerned, any number below 10 is shown as “fewer than 10”.',
    fewer: 'fewer than 10',
    skip: 'Skip to the main content',
    switchTo: 'Français',
    weekly: 'Week by week',
    week: 'Week starting',
    restrictions: 'Restrictions',
    cybertips: 'Reports prepared for NCMEC (CyberTipline)',
    inhope: 'Referrals to INHOPE hotlines',
    reports: 'Reports received',
    appealsResolved: 'Appeals decided',
    overturned: 'Decisions reversed on appeal',
    byClause: 'Restrictions by rule',
    clause: 'Rule',
    bySource: 'Restrictions by how the problem was found',
    source: 'Found by',
    count: 'Number',
    sources: {
      bank: 'Match with known material',
      link: 'Link to a known site',
      text: 'Text detection',
      conversation: 'Conversation patterns',
      classifier: 'Automated classifier',
      report: 'Report from a person',
      other: 'Other',
    },
    timeTitle: 'Time from detection or report to action',
    median: 'Median',
    p90: '9 in 10 within',
    notEnough: 'too few to show',
    chartTitle: 'Restrictions per week',
    chartDesc: 'Bar chart of the restrictions per week; the table below gives the same figures.',
    hours: (h) => (h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`),
    overturnRate: 'Share of appeals that reversed the decision',
    noPersonalData: 'These figures contain no personal data.',
  },
  fr: {
    title: 'Transparence : protection de l’enfance',
    intro: (weeks, from, to) =>
      `Ce que nous avons fait pour protéger les enfants sur ce service au cours des ${weeks} dernières semaines (du ${from} au ${to}), semaine par semaine.`,
    small: 'Pour protéger les personnes concernées, tout nombre inférieur à 10 est affiché « moins de 10 ».',
    fewer: 'moins de 10',
    skip: 'Aller au contenu principal',
    switchTo: 'English',
    weekly: 'Semaine par semaine',
    week: 'Semaine du',
    restrictions: 'Restrictions',
    cybertips: 'Signalements préparés pour le NCMEC (CyberTipline)',
    inhope: 'Transmissions aux permanences INHOPE',
    reports: 'Signalements reçus',
    appealsResolved: 'Contestations tranchées',
    overturned: 'Décisions annulées après contestation',
    byClause: 'Restrictions par règle',
    clause: 'Règle',
    bySource: 'Restrictions selon la façon dont le problème a été repéré',
    source: 'Repéré par',
    count: 'Nombre',
    sources: {
      bank: 'Correspondance avec un contenu connu',
      link: 'Lien vers un site connu',
      text: 'Détection dans le texte',
      conversation: 'Schémas de conversation',
      classifier: 'Classifieur automatique',
      report: 'Signalement d’une personne',
      other: 'Autre',
    },
    timeTitle: 'Délai entre la détection ou le signalement et l’action',
    median: 'Médiane',
    p90: '9 sur 10 en moins de',
    notEnough: 'trop peu pour être affiché',
    chartTitle: 'Restrictions par semaine',
    chartDesc: 'Histogramme des restrictions par semaine ; le tableau ci-dessous donne les mêmes chiffres.',
    hours: (h) => (h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1).replace('.', ',')} h`),
    overturnRate: 'Part des contestations ayant annulé la décision',
    noPersonalData: 'Ces chiffres ne contiennent aucune donnée personnelle.',
  },
};
