// Messages to account holders, in French and English. The policy sends them only where it
// allows notice: a lock until deletion, or a violation recorded on items already gone. Every
// other action (removing material, suspending, blocking, reporting, referring) is carried out
// without notice, so noticeFor answers null for it. A notice says what was done, under which
// rule and how to appeal; it never says how something was found.
import { POLICY_VERSION } from './policy.js';
import type { NoticeKind, PlannedAction } from './plan.js';
import type { Localized } from './types.js';
import type { ViolationId } from './violations.js';

export type Lang = keyof Localized;

/** One plain sentence per violation, addressed to the account holder. */
export const CLAUSE_NOTICES: Readonly<Record<ViolationId, Localized>> = {
  'content.visual-depiction': {
    en: 'Our rules do not allow images or videos that show a minor in a sexual or sexually suggestive way.',
    fr: 'Nos règles interdisent les images ou vidéos qui montrent une personne mineure de façon sexuelle ou sexuellement suggestive.',
  },
  'content.illustrated-depiction': {
    en: 'Our rules do not allow drawn or computer-made images that show a minor in a sexual or sexually suggestive way.',
    fr: 'Nos règles interdisent les images dessinées ou créées par ordinateur qui montrent une personne mineure de façon sexuelle ou sexuellement suggestive.',
  },
  'content.sexualised-comment-minor': {
    en: 'Our rules do not allow comments that sexualise a minor.',
    fr: 'Nos règles interdisent les commentaires qui sexualisent une personne mineure.',
  },
  'content.link-to-material': {
    en: 'Our rules do not allow links to sites that host sexual material involving minors.',
    fr: 'Nos règles interdisent les liens vers des sites qui hébergent des contenus sexuels impliquant des mineurs.',
  },
  'behaviour.encourage-cse': {
    en: 'Our rules do not allow encouraging or fantasising about the sexual exploitation of children.',
    fr: 'Nos règles interdisent d’encourager l’exploitation sexuelle des enfants ou d’exprimer des fantasmes à ce sujet.',
  },
  'behaviour.obtain-material': {
    en: 'Our rules do not allow seeking or asking for sexual material involving minors.',
    fr: 'Nos règles interdisent de rechercher ou de demander des contenus sexuels impliquant des mineurs.',
  },
  'behaviour.commercial-exploitation': {
    en: 'Our rules do not allow offering, seeking or promoting the sexual exploitation of a child for payment, or moving or housing a child for that purpose.',
    fr: 'Nos règles interdisent de proposer, rechercher ou promouvoir l’exploitation sexuelle d’un enfant contre paiement, ou de transporter ou héberger un enfant à cette fin.',
  },
  'behaviour.explicit-media-to-minor': {
    en: 'Our rules do not allow sending sexual images or videos to a minor.',
    fr: 'Nos règles interdisent d’envoyer des images ou des vidéos sexuelles à une personne mineure.',
  },
  'behaviour.explicit-conversation': {
    en: 'Our rules do not allow drawing a minor into a sexual conversation.',
    fr: 'Nos règles interdisent d’entraîner une personne mineure dans une conversation à caractère sexuel.',
  },
  'behaviour.sextortion': {
    en: 'Our rules do not allow threatening, pressuring or rewarding a minor to obtain intimate images or sexual contact.',
    fr: 'Nos règles interdisent de menacer, de faire pression sur une personne mineure ou de lui offrir des récompenses pour obtenir des images intimes ou un contact sexuel.',
  },
  'behaviour.grooming': {
    en: 'Our rules do not allow winning a minor’s trust, isolating them or asking them for secrecy in order to involve them in sexual activity.',
    fr: 'Nos règles interdisent de gagner la confiance d’une personne mineure, de l’isoler ou de lui demander le secret dans le but de l’impliquer dans une activité sexuelle.',
  },
  'behaviour.identify-victim': {
    en: 'Our rules do not allow naming or showing people described as victims of child sexual exploitation.',
    fr: 'Nos règles interdisent de nommer ou de montrer des personnes présentées comme victimes d’exploitation sexuelle d’enfants.',
  },
  'behaviour.normalise-attraction': {
    en: 'Our rules do not allow promoting sexual attraction to minors as an identity or orientation.',
    fr: 'Nos règles interdisent de promouvoir l’attirance sexuelle envers les mineurs comme une identité ou une orientation.',
  },
};

export interface NoticeContext {
  readonly lang: Lang;
  /** Where the account holder appeals (the platform's page or vigie's public appeal page). */
  readonly appealUrl: string;
}

export interface Notice {
  readonly kind: NoticeKind;
  readonly lang: Lang;
  readonly subject: string;
  readonly body: string;
  readonly clauses: readonly ViolationId[];
  readonly contentIds: readonly string[];
  readonly policyVersion: string;
}

const SUBJECTS: Readonly<Record<NoticeKind, Localized>> = {
  'lock-until-deletion': { en: 'Your account is locked', fr: 'Votre compte est verrouillé' },
  'violation-recorded': { en: 'A breach of our rules was recorded on your account', fr: 'Une infraction à nos règles a été enregistrée sur votre compte' },
};

const TEXT = {
  lockOpening: {
    en: 'We have locked your account because the items listed below break our rules on the safety of children.',
    fr: 'Nous avons verrouillé votre compte parce que les éléments listés ci-dessous enfreignent nos règles sur la sécurité des enfants.',
  },
  lockAction: {
    en: 'To unlock your account, delete each of these items. The lock lifts by itself as soon as all of them are deleted.',
    fr: 'Pour déverrouiller votre compte, supprimez chacun de ces éléments. Le verrouillage se lève de lui-même dès qu’ils sont tous supprimés.',
  },
  recordedOpening: {
    en: 'We found that content you posted broke our rules on the safety of children. It has already been deleted, so there is nothing more for you to do.',
    fr: 'Nous avons constaté qu’un contenu que vous avez publié enfreignait nos règles sur la sécurité des enfants. Il a déjà été supprimé : vous n’avez rien d’autre à faire.',
  },
  items: { en: 'Items:', fr: 'Éléments :' },
  rules: { en: 'The rules concerned:', fr: 'Les règles concernées :' },
  further: {
    en: 'Any further breach of these rules will lead to the permanent suspension of your account.',
    fr: 'Toute nouvelle infraction à ces règles entraînera la suspension définitive de votre compte.',
  },
  appeal: {
    en: 'If you think we made a mistake, you can appeal here: ',
    fr: 'Si vous pensez que nous nous sommes trompés, vous pouvez faire appel ici : ',
  },
} as const satisfies Record<string, Localized>;

/** The notice an action calls for, or null where the policy says the action is silent. */
export function noticeFor(action: PlannedAction, ctx: NoticeContext): Notice | null {
  if (action.kind !== 'notify_user') return null;
  const { lang } = ctx;
  const lines: string[] = [];
  if (action.notice === 'lock-until-deletion') {
    lines.push(TEXT.lockOpening[lang], '', TEXT.items[lang], ...action.contentIds.map((id) => `- ${id}`), '', TEXT.lockAction[lang]);
  } else {
    lines.push(TEXT.recordedOpening[lang]);
  }
  lines.push('', TEXT.rules[lang], ...action.clauses.map((c) => `- ${CLAUSE_NOTICES[c][lang]}`));
  lines.push('', TEXT.further[lang], '', `${TEXT.appeal[lang]}${ctx.appealUrl}`);
  return {
    kind: action.notice,
    lang,
    subject: SUBJECTS[action.notice][lang],
    body: lines.join('\n'),
    clauses: action.clauses,
    contentIds: action.contentIds,
    policyVersion: POLICY_VERSION,
  };
}
