// The appeal page's words, in French and English. Plain language: the person reading is
// upset and may not read either language as a first one.
import type { Lang } from './language.js';

export interface AppealText {
  title: string;
  intro: string;
  skip: string;
  switchTo: string;
  actionLabel: { suspend_account: string; lock_account: string };
  whatHappened: string;
  statement: string;
  statementHint: string;
  send: string;
  errorsTitle: string;
  statementMissing: string;
  statementTooLong: string;
  noToken: string;
  tokenLabel: string;
  tokenHint: string;
  open: string;
  refused: { malformed: string; forged: string; expired: string; 'unknown-action': string };
  noLongerHolds: string;
  statusTitle: string;
  filedOn: string;
  dueBy: string;
  state: { open: string; upheld: string; overturned: string };
  reasonLabel: string;
  already: string;
  keepLink: string;
  redress: string;
}

export const APPEAL_TEXT: Record<Lang, AppealText> = {
  en: {
    title: 'Appeal a decision on your account',
    intro:
      'Your account was restricted under our child safety policy. If you think the decision was wrong, tell us why. A different person from the one who made the decision will look at it again.',
    skip: 'Skip to the main content',
    switchTo: 'Français',
    actionLabel: { suspend_account: 'Your account was suspended.', lock_account: 'Your account was locked until some posts are deleted.' },
    whatHappened: 'What was decided',
    statement: 'Why do you think the decision was wrong?',
    statementHint: 'Up to 4,000 characters. Do not include images or links to images.',
    send: 'Send my appeal',
    errorsTitle: 'There is a problem',
    statementMissing: 'Tell us why you think the decision was wrong.',
    statementTooLong: 'Your text is longer than 4,000 characters: shorten it.',
    noToken: 'To appeal, open the link in the message you received about your account, or paste the code from it here.',
    tokenLabel: 'Code from your message',
    tokenHint: 'It starts with act_.',
    open: 'Continue',
    refused: {
      malformed: 'This code is not complete. Copy the whole link from your message.',
      forged: 'This code is not valid. Copy the whole link from your message.',
      expired: 'The time to appeal this decision has passed.',
      'unknown-action': 'We cannot find the decision this code is about.',
    },
    noLongerHolds: 'This restriction no longer applies to your account: there is nothing to appeal.',
    statusTitle: 'Your appeal',
    filedOn: 'Received on',
    dueBy: 'We aim to answer by',
    state: {
      open: 'Your appeal is waiting for a reviewer or being reviewed.',
      upheld: 'Your appeal was reviewed and the decision stands.',
      overturned: 'Your appeal was accepted: the decision was reversed and your account restored.',
    },
    reasonLabel: 'Why:',
    already: 'You have already appealed this decision. One appeal is possible per decision.',
    keepLink: 'Keep the link from your message: it also shows how your appeal stands.',
    redress: 'You may also turn to a certified out-of-court dispute settlement body or to a court (Digital Services Act, Articles 20 and 21).',
  },
  fr: {
    title: 'Contester une décision sur votre compte',
    intro:
      'Votre compte a été restreint en application de notre politique de protection de l’enfance. Si vous pensez que la décision est erronée, dites-nous pourquoi. Une autre personne que celle qui a pris la décision la réexaminera.',
    skip: 'Aller au contenu principal',
    switchTo: 'English',
    actionLabel: {
      suspend_account: 'Votre compte a été suspendu.',
      lock_account: 'Votre compte a été verrouillé jusqu’à la suppression de certaines publications.',
    },
    whatHappened: 'Ce qui a été décidé',
    statement: 'Pourquoi pensez-vous que la décision est erronée ?',
    statementHint: 'Jusqu’à 4 000 caractères. N’ajoutez ni image ni lien vers une image.',
    send: 'Envoyer ma contestation',
    errorsTitle: 'Il y a un problème',
    statementMissing: 'Dites-nous pourquoi vous pensez que la décision est erronée.',
    statementTooLong: 'Votre texte dépasse 4 000 caractères : raccourcissez-le.',
    noToken: 'Pour contester, ouvrez le lien du message reçu au sujet de votre compte, ou collez-en le code ici.',
    tokenLabel: 'Code de votre message',
    tokenHint: 'Il commence par act_.',
    open: 'Continuer',
    refused: {
      malformed: 'Ce code est incomplet. Copiez le lien entier de votre message.',
      forged: 'Ce code n’est pas valide. Copiez le lien entier de votre message.',
      expired: 'Le délai pour contester cette décision est passé.',
      'unknown-action': 'Nous ne trouvons pas la décision dont parle ce code.',
    },
    noLongerHolds: 'Cette restriction ne s’applique plus à votre compte : il n’y a rien à contester.',
    statusTitle: 'Votre contestation',
    filedOn: 'Reçue le',
    dueBy: 'Nous visons une réponse avant le',
    state: {
      open: 'Votre contestation attend un examinateur ou est en cours d’examen.',
      upheld: 'Votre contestation a été examinée et la décision est maintenue.',
      overturned: 'Votre contestation a été acceptée : la décision a été annulée et votre compte rétabli.',
    },
    reasonLabel: 'Motif :',
    already: 'Vous avez déjà contesté cette décision. Une seule contestation est possible par décision.',
    keepLink: 'Gardez le lien de votre message : il montre aussi où en est votre contestation.',
    redress:
      'Vous pouvez aussi saisir un organisme certifié de règlement extrajudiciaire des litiges ou un tribunal (règlement sur les services numériques, articles 20 et 21).',
  },
};
