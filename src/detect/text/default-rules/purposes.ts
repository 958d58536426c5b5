// Everyday purposes that share words with grooming steps: a photo of a thing (a receipt,
// a form, homework, a bike) is not a photo of the person, and a secret kept for a surprise
// (a present, a party) is not a secret kept from the people who protect a child. The
// default image-request and secrecy rules do not fire when the message says so; a
// conversation that goes on to ask for the person's picture, or to hide the chat, still
// shows those steps in the messages that do.
import type { Condition, SignalRule } from '../rules-file.js';
import { near, phrases } from './build.js';

const PHOTO = ['photo', 'photos', 'pic', 'pics', 'picture', 'pictures', 'snap', 'scan', 'screenshot'];
const THINGS = [
  'receipt',
  'ticket',
  'form',
  'slip',
  'homework',
  'worksheet',
  'page',
  'question',
  'exercise',
  'timetable',
  'schedule',
  'menu',
  'notice',
  'letter',
  'invoice',
  'order',
  'drawing',
  'painting',
  'project',
  'poster',
  'bike',
  'car',
  'dog',
  'cat',
  'room plan',
  'sign',
  'box',
  'parking',
  'id',
  'passport',
  'problem',
  'notes',
  'board',
  'label',
  'results',
];
const FR_PHOTO_OF = ['photo du', 'photo de la', 'photo des', 'photo de l', 'photo de ton', 'photo de ta', 'photo de tes', 'photo de ce', 'photo de cette'];
const FR_THINGS = [
  'ticket',
  'facture',
  'devoir',
  'devoirs',
  'exercice',
  'exercices',
  'cours',
  'mot',
  'carnet',
  'autorisation',
  'formulaire',
  'emploi du temps',
  'menu',
  'dessin',
  'maquette',
  'velo',
  'chien',
  'chat',
  'panneau',
  'carte',
  'cahier',
  'livre',
  'lecon',
  'bulletin',
];

const OBJECT_PHOTO: Condition = {
  any: [
    near(PHOTO, ['of the', 'of this', 'of that', 'of my'], 0),
    near(PHOTO, THINGS, 4),
    near(FR_PHOTO_OF, FR_THINGS, 3),
    phrases('photo du', 'photo des', 'photo de la', 'photo de l'),
  ],
};

const SURPRISE: Condition = phrases(
  'surprise',
  'present',
  'presents',
  'birthday',
  'party',
  'gift for',
  'proposing',
  'propose',
  'cadeau',
  'cadeaux',
  'anniversaire',
  'fete',
  'mariage',
);

/** The default rules with everyday purposes excluded from image requests and secrecy. */
export function withPurposes(rules: readonly SignalRule[]): SignalRule[] {
  return rules.map((r) => {
    if (r.id.includes('.meta.') || r.id.startsWith('meta.') || r.id.startsWith('conv.')) return r;
    if (r.family === 'image-request') return { ...r, when: { all: [r.when, { not: OBJECT_PHOTO }] } };
    if (r.family === 'secrecy') return { ...r, when: { all: [r.when, { not: SURPRISE }] } };
    return r;
  });
}
