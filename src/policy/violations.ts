// What breaks the policy: content on the platform, and behaviour towards or about children.
// The ids are shared with the text detectors (detect/text/clauses.ts) and with bank matches
// (content.visual-depiction); they never change meaning.
import type { ViolationClause } from './types.js';

export const CONTENT_VIOLATION_IDS = [
  'content.visual-depiction',
  'content.illustrated-depiction',
  'content.sexualised-comment-minor',
  'content.link-to-material',
] as const;
export type ContentViolationId = (typeof CONTENT_VIOLATION_IDS)[number];

export const BEHAVIOUR_VIOLATION_IDS = [
  'behaviour.encourage-cse',
  'behaviour.obtain-material',
  'behaviour.commercial-exploitation',
  'behaviour.explicit-media-to-minor',
  'behaviour.explicit-conversation',
  'behaviour.sextortion',
  'behaviour.grooming',
  'behaviour.identify-victim',
  'behaviour.normalise-attraction',
] as const;
export type BehaviourViolationId = (typeof BEHAVIOUR_VIOLATION_IDS)[number];

export type ViolationId = ContentViolationId | BehaviourViolationId;

export const CONTENT_VIOLATIONS: readonly ViolationClause<ContentViolationId>[] = [
  {
    id: 'content.visual-depiction',
    kind: 'violation',
    category: 'content',
    material: true,
    reportToNcmec: true,
    title: { en: 'Depictions of a child', fr: 'Représentations d’un enfant' },
    summary: {
      en: 'Photos or videos that show a minor in sexually explicit or sexually suggestive situations.',
      fr: 'Photos ou vidéos montrant une personne mineure dans des situations sexuellement explicites ou suggestives.',
    },
  },
  {
    id: 'content.illustrated-depiction',
    kind: 'violation',
    category: 'content',
    material: true,
    reportToNcmec: true,
    title: { en: 'Drawn or generated depictions', fr: 'Représentations dessinées ou générées' },
    summary: {
      en: 'Drawings, animations or computer-generated images that realistically show a minor in the same kind of situations.',
      fr: 'Dessins, animations ou images générées par ordinateur qui montrent de façon réaliste une personne mineure dans le même type de situations.',
    },
  },
  {
    id: 'content.sexualised-comment-minor',
    kind: 'violation',
    category: 'content',
    material: false,
    reportToNcmec: false,
    title: { en: 'Sexualised comments about a minor', fr: 'Commentaires sexualisant une personne mineure' },
    summary: {
      en: 'Comments that sexualise a minor, whether they are about the minor or addressed to them.',
      fr: 'Commentaires qui sexualisent une personne mineure, qu’ils parlent d’elle ou s’adressent à elle.',
    },
  },
  {
    id: 'content.link-to-material',
    kind: 'violation',
    category: 'content',
    material: true,
    reportToNcmec: true,
    title: { en: 'Links to such material', fr: 'Liens vers de tels contenus' },
    summary: {
      en: 'Links to other sites that host material described by this policy.',
      fr: 'Liens vers d’autres sites qui hébergent des contenus visés par cette politique.',
    },
  },
];

export const BEHAVIOUR_VIOLATIONS: readonly ViolationClause<BehaviourViolationId>[] = [
  {
    id: 'behaviour.encourage-cse',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: false,
    title: { en: 'Encouraging exploitation', fr: 'Encourager l’exploitation' },
    summary: {
      en: 'Sharing fantasies about the sexual exploitation of children, or encouraging others to take part in it.',
      fr: 'Partager des fantasmes sur l’exploitation sexuelle d’enfants, ou inciter d’autres personnes à y prendre part.',
    },
  },
  {
    id: 'behaviour.obtain-material',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Seeking material', fr: 'Rechercher des contenus' },
    summary: {
      en: 'Saying that one wants to obtain material described by this policy, or asking for it.',
      fr: 'Exprimer le souhait de se procurer des contenus visés par cette politique, ou en demander.',
    },
  },
  {
    id: 'behaviour.commercial-exploitation',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Commercial exploitation and trafficking', fr: 'Exploitation commerciale et traite' },
    summary: {
      en: 'Recruiting, advertising or showing interest in paid sexual acts with a child, or in housing or moving a child for sexual purposes.',
      fr: 'Recruter, faire de la publicité ou manifester de l’intérêt pour des actes sexuels tarifés avec un enfant, ou pour l’hébergement ou le transport d’un enfant à des fins sexuelles.',
    },
  },
  {
    id: 'behaviour.explicit-media-to-minor',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Sending explicit media to a child', fr: 'Envoyer des médias explicites à un enfant' },
    summary: {
      en: 'Sending sexually explicit images or videos to a minor.',
      fr: 'Envoyer des images ou des vidéos sexuellement explicites à une personne mineure.',
    },
  },
  {
    id: 'behaviour.explicit-conversation',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Explicit conversation with a child', fr: 'Conversation explicite avec un enfant' },
    summary: {
      en: 'Drawing, or trying to draw, a minor into a sexually explicit conversation.',
      fr: 'Entraîner, ou tenter d’entraîner, une personne mineure dans une conversation sexuellement explicite.',
    },
  },
  {
    id: 'behaviour.sextortion',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Sextortion', fr: 'Sextorsion' },
    summary: {
      en: 'Using threats, blackmail or rewards to get intimate images from a minor or to involve them in sexual activity.',
      fr: 'Recourir à des menaces, au chantage ou à des récompenses pour obtenir des images intimes d’une personne mineure ou l’impliquer dans une activité sexuelle.',
    },
  },
  {
    id: 'behaviour.grooming',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: true,
    title: { en: 'Grooming', fr: 'Pédopiégeage' },
    summary: {
      en: "Building a minor's trust, isolating them or pressing them to keep secrets as a step towards involving them in sexual activity.",
      fr: 'Gagner la confiance d’une personne mineure, l’isoler ou la pousser au secret pour préparer son implication dans une activité sexuelle.',
    },
  },
  {
    id: 'behaviour.identify-victim',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: false,
    title: { en: 'Identifying victims', fr: 'Identifier des victimes' },
    summary: {
      en: 'Naming, or showing pictures of, people said to be victims of child sexual exploitation.',
      fr: 'Nommer des personnes présentées comme victimes d’exploitation sexuelle d’enfants, ou montrer leur image.',
    },
  },
  {
    id: 'behaviour.normalise-attraction',
    kind: 'violation',
    category: 'behaviour',
    material: false,
    reportToNcmec: false,
    title: { en: 'Normalising attraction to minors', fr: 'Banaliser l’attirance envers les mineurs' },
    summary: {
      en: 'Presenting sexual attraction to minors as an identity or orientation to be promoted or accepted.',
      fr: 'Présenter l’attirance sexuelle envers les mineurs comme une identité ou une orientation à promouvoir ou à accepter.',
    },
  },
];
