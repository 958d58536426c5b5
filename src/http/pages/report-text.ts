// The public report page's words, in French and in English. Plain words: a reporter may be a
// child, a parent or a passer-by, and may be upset.
import type { Lang } from './language.js';

export interface ReportText {
  title: string;
  skip: string;
  switchTo: string;
  intro: string;
  urgent: string;
  account: string;
  accountHint: string;
  posts: string;
  postsHint: string;
  reason: string;
  description: string;
  descriptionHint: string;
  contact: string;
  contactHint: string;
  optional: string;
  send: string;
  working: string;
  noScript: (seconds: number) => string;
  errorsTitle: string;
  elsewhereTitle: string;
  elsewhere: { before: string; cybertip: string; middle: string; inhope: string; after: string; france: string };
  receiptTitle: string;
  receiptIntro: string;
  receiptKeep: string;
  receiptUnresolved: string;
  statusLink: string;
  statusTitle: string;
  statusLabel: string;
  statusHint: string;
  statusCheck: string;
  statusUnknown: string;
  statusReceived: string;
  state: { received: string; 'in-review': string; doneAction: string; doneNoAction: string };
  anotherReport: string;
  field: {
    accountOrPosts: string;
    accountInvalid: string;
    postsInvalid: string;
    postsTooMany: (max: number) => string;
    reasonMissing: string;
    descriptionTooLong: (max: number) => string;
    contactInvalid: string;
    control: string;
    nothingNamed: string;
  };
  refusal: { expired: string; tooEarly: (seconds: number) => string; addressLimit: string; globalLimit: string };
}

const en: ReportText = {
  title: 'Report harm to a child',
  skip: 'Skip to the main content',
  switchTo: 'Français',
  intro:
    'Use this form to tell us about an account or posts on this platform that sexually exploit a child or put a child at risk. You do not need an account. A trained person will look at every report.',
  urgent: 'If a child is in danger right now, call the police (112 in Europe, 911 in the United States).',
  account: 'The account you are reporting',
  accountHint: 'Its name (like @name) or a link to its profile.',
  posts: 'Links to the posts',
  postsHint: 'One link per line. Copy each link from the address bar or the post’s share menu.',
  reason: 'What is wrong?',
  description: 'Anything else we should know',
  descriptionHint: 'Describe what you saw. Please do not copy any images here.',
  contact: 'Your email address',
  contactHint: 'Only if you want us to be able to reach you. You can report without it.',
  optional: '(optional)',
  send: 'Send the report',
  working: 'Preparing your report, please wait…',
  noScript: (s) => `Without JavaScript, the form can be sent ${s} seconds after the page opened. If it is sent too early, you will be asked to send it again.`,
  errorsTitle: 'There is a problem with the report',
  elsewhereTitle: 'Seen it somewhere else on the internet?',
  elsewhere: {
    before: 'This form is only for this platform. Do not download or share such material, not even to report it. Report it to the ',
    cybertip: 'NCMEC CyberTipline',
    middle: ' or to the police. If the website is in another country, report it to the hotline of that country: the ',
    inhope: 'INHOPE network lists every national hotline',
    after: '.',
    france: 'In France: Point de Contact (pointdecontact.net) or PHAROS (internet-signalement.gouv.fr).',
  },
  receiptTitle: 'Thank you: your report was received',
  receiptIntro: 'Your receipt number is:',
  receiptKeep: 'Keep this number. It is the only way to follow your report: we cannot show it again.',
  receiptUnresolved: 'Some links did not point to this platform; a reviewer will still see them.',
  statusLink: 'Check how a report stands',
  statusTitle: 'How your report stands',
  statusLabel: 'Receipt number',
  statusHint: 'It starts with R- and was shown when you sent the report.',
  statusCheck: 'Check',
  statusUnknown: 'No report has this receipt number. Check that it was copied in full.',
  statusReceived: 'Received on',
  state: {
    received: 'Received: it is waiting for a reviewer.',
    'in-review': 'Being looked at by a reviewer.',
    doneAction: 'Done: the platform’s rules were broken and action was taken.',
    doneNoAction: 'Done: the reviewer did not find that the platform’s rules were broken.',
  },
  anotherReport: 'Make another report',
  field: {
    accountOrPosts: 'Give the account or at least one link to a post.',
    accountInvalid: 'Give a name like @name, or a link starting with https://.',
    postsInvalid: 'Each line must be one link starting with https:// (or http://).',
    postsTooMany: (max) => `Give at most ${max} links.`,
    reasonMissing: 'Choose what is wrong.',
    descriptionTooLong: (max) => `Keep it under ${max} characters.`,
    contactInvalid: 'Give an email address like name@example.org, or leave it empty.',
    control: 'This field holds characters that cannot be read. Please type it again.',
    nothingNamed: 'We could not find this account or these posts on this platform. Check the links, or give the account’s name.',
  },
  refusal: {
    expired: 'The form was open too long or was already sent. Please check your answers and send it again.',
    tooEarly: (s) => `The form was sent too quickly. Please wait ${s} seconds, then send it again.`,
    addressLimit: 'Too many reports were sent from your connection. Please try again in an hour.',
    globalLimit: 'We are receiving many reports right now. Please try again in a minute.',
  },
};

const fr: ReportText = {
  title: 'Signaler un danger pour un enfant',
  skip: 'Aller au contenu principal',
  switchTo: 'English',
  intro:
    'Ce formulaire sert à nous signaler un compte ou des publications de cette plateforme qui exploitent sexuellement un enfant ou le mettent en danger. Vous n’avez pas besoin de compte. Une personne formée examine chaque signalement.',
  urgent: 'Si un enfant est en danger en ce moment, appelez la police (17 ou 112 en France).',
  account: 'Le compte que vous signalez',
  accountHint: 'Son nom (comme @nom) ou un lien vers son profil.',
  posts: 'Liens vers les publications',
  postsHint: 'Un lien par ligne. Copiez chaque lien depuis la barre d’adresse ou le menu de partage de la publication.',
  reason: 'Quel est le problème ?',
  description: 'Autre chose à nous dire',
  descriptionHint: 'Décrivez ce que vous avez vu. Merci de ne copier aucune image ici.',
  contact: 'Votre adresse e-mail',
  contactHint: 'Seulement si vous voulez que nous puissions vous joindre. Vous pouvez signaler sans.',
  optional: '(facultatif)',
  send: 'Envoyer le signalement',
  working: 'Préparation de votre signalement, veuillez patienter…',
  noScript: (s) =>
    `Sans JavaScript, le formulaire peut être envoyé ${s} secondes après l’ouverture de la page. S’il est envoyé trop tôt, il vous sera demandé de l’envoyer à nouveau.`,
  errorsTitle: 'Le signalement comporte un problème',
  elsewhereTitle: 'Vu ailleurs sur internet ?',
  elsewhere: {
    before: 'Ce formulaire ne concerne que cette plateforme. Ne téléchargez ni ne partagez jamais de telles images, même pour les signaler. Signalez-les au ',
    cybertip: 'CyberTipline du NCMEC',
    middle: ' ou à la police. Si le site est dans un autre pays, signalez-le à la ligne de signalement de ce pays : le ',
    inhope: 'réseau INHOPE donne la liste des lignes de chaque pays',
    after: '.',
    france: 'En France : Point de Contact (pointdecontact.net) ou PHAROS (internet-signalement.gouv.fr).',
  },
  receiptTitle: 'Merci : votre signalement a bien été reçu',
  receiptIntro: 'Votre numéro de suivi est :',
  receiptKeep: 'Gardez ce numéro. C’est le seul moyen de suivre votre signalement : nous ne pourrons pas vous le redonner.',
  receiptUnresolved: 'Certains liens ne mènent pas à cette plateforme ; une personne les verra quand même.',
  statusLink: 'Suivre un signalement',
  statusTitle: 'Où en est votre signalement',
  statusLabel: 'Numéro de suivi',
  statusHint: 'Il commence par R- et vous a été donné à l’envoi du signalement.',
  statusCheck: 'Vérifier',
  statusUnknown: 'Aucun signalement ne porte ce numéro. Vérifiez qu’il a été copié en entier.',
  statusReceived: 'Reçu le',
  state: {
    received: 'Reçu : il attend d’être examiné.',
    'in-review': 'En cours d’examen par une personne.',
    doneAction: 'Traité : les règles de la plateforme n’étaient pas respectées et des mesures ont été prises.',
    doneNoAction: 'Traité : la personne qui l’a examiné n’a pas constaté de manquement aux règles de la plateforme.',
  },
  anotherReport: 'Faire un autre signalement',
  field: {
    accountOrPosts: 'Indiquez le compte ou au moins un lien vers une publication.',
    accountInvalid: 'Indiquez un nom comme @nom, ou un lien commençant par https://.',
    postsInvalid: 'Chaque ligne doit contenir un seul lien commençant par https:// (ou http://).',
    postsTooMany: (max) => `Indiquez au plus ${max} liens.`,
    reasonMissing: 'Choisissez le problème.',
    descriptionTooLong: (max) => `Restez sous ${max} caractères.`,
    contactInvalid: 'Indiquez une adresse comme nom@exemple.fr, ou laissez le champ vide.',
    control: 'Ce champ contient des caractères illisibles. Merci de le saisir à nouveau.',
    nothingNamed: 'Nous n’avons trouvé ni ce compte ni ces publications sur cette plateforme. Vérifiez les liens, ou indiquez le nom du compte.',
  },
  refusal: {
    expired: 'Le formulaire est resté ouvert trop longtemps ou a déjà été envoyé. Vérifiez vos réponses et envoyez-le à nouveau.',
    tooEarly: (s) => `Le formulaire a été envoyé trop vite. Attendez ${s} secondes, puis envoyez-le à nouveau.`,
    addressLimit: 'Trop de signalements ont été envoyés depuis votre connexion. Réessayez dans une heure.',
    globalLimit: 'Nous recevons beaucoup de signalements en ce moment. Réessayez dans une minute.',
  },
};

export const REPORT_TEXT: Record<Lang, ReportText> = { en, fr };
