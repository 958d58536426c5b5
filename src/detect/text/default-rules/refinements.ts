// Rules that refine the language rules with what the platform knows (the recipient is a
// minor, the sender's account is new, many new contacts) and with the conversation
// (what the same sender did earlier), plus the rules that work from operator term lists.
// Language-independent: they look at families, metadata and the operator's vocabulary.
import type { SignalRule } from '../rules-file.js';
import { all, near, rule } from './build.js';

const TRUST_STEPS = ['secrecy', 'platform-migration', 'risk-assessment', 'isolation', 'gift-offer'];

/** Neutral words that say a young person is meant, for the sexualised-comment rule. */
const MINOR_REFERENCES = {
  any: [
    {
      phrases: [
        'kid',
        'kids',
        'child',
        'children',
        'teen',
        'teens',
        'teenager',
        'minor',
        'minors',
        'little girl',
        'little boy',
        'enfant',
        'enfants',
        'ado',
        'ados',
        'adolescente',
        'adolescent',
        'mineur',
        'mineure',
        'mineurs',
        'petite fille',
        'petit garcon',
        'gamin',
        'gamine',
      ],
    },
    { pattern: '\\b([0-9]|1[0-7]) ?(ans|yo|y o|years? old|year olds?)\\b' },
  ],
};

export const REFINEMENT_RULES: readonly SignalRule[] = [
  // Metadata: the platform's age signal and account facts.
  rule(
    'meta.age-probing.minor-new-account',
    'age-probing',
    0.55,
    all({ family: 'age-probing' }, { recipientIsMinor: true }, { senderAccountAgeDays: { lt: 30 } }),
    undefined,
    'Age probing toward a minor from an account less than 30 days old.',
  ),
  rule(
    'meta.image-request.minor',
    'image-request',
    0.6,
    all({ family: 'image-request' }, { recipientIsMinor: true }),
    undefined,
    'A request for images sent to a minor.',
  ),
  rule('meta.meeting.minor', 'meeting', 0.55, all({ family: 'meeting' }, { recipientIsMinor: true }), undefined, 'A proposal to meet sent to a minor.'),
  rule('meta.secrecy.minor', 'secrecy', 0.55, all({ family: 'secrecy' }, { recipientIsMinor: true }), undefined, 'A request for secrecy sent to a minor.'),
  rule(
    'meta.mass-outreach',
    'mass-outreach',
    0.5,
    all({ family: ['age-probing', 'platform-migration', 'gift-offer', 'image-request'] }, { recipientIsMinor: true }, { senderNewContacts: { gte: 20 } }),
    undefined,
    'Grooming-type approach to a minor from an account making many new contacts.',
  ),

  // Conversation: what the same sender did earlier in the window.
  rule(
    'conv.image-request.after-trust',
    'image-request',
    0.7,
    all({ family: 'image-request' }, { conversation: { seen: TRUST_STEPS } }),
    undefined,
    'A request for images after secrecy, isolation, risk assessment, gifts or a move to another app.',
  ),
  rule(
    'conv.meeting.after-probing',
    'meeting',
    0.6,
    all({ family: 'meeting' }, { conversation: { seen: ['age-probing', 'risk-assessment', 'secrecy'] } }),
    undefined,
    'A proposal to meet after age probing, risk assessment or secrecy.',
  ),
  rule(
    'conv.payment.after-threat',
    'payment-demand',
    0.85,
    all({ family: 'payment-demand' }, { conversation: { seen: ['sextortion-threat'] } }),
    undefined,
    'A payment demand after a threat to share images.',
  ),
  rule(
    'conv.threat.after-images',
    'sextortion-threat',
    0.9,
    all({ family: 'sextortion-threat' }, { conversation: { seen: ['image-request', 'payment-demand'] } }),
    undefined,
    'A threat to share images after images were asked for or payment demanded.',
  ),
  rule(
    'conv.age-probing.early',
    'age-probing',
    0.4,
    all({ family: 'age-probing' }, { conversation: { messagesAtMost: 5 } }),
    undefined,
    'Age probing in the first messages of a conversation.',
  ),

  // Operator vocabulary: nothing is shipped; these match only when a list is loaded.
  rule('terms.solicitation', 'solicitation', 0.6, { terms: 'operator.solicitation' }, undefined, 'Asking for or offering to obtain material (operator list).'),
  rule(
    'terms.solicitation.minor',
    'solicitation',
    0.8,
    all({ terms: 'operator.solicitation' }, { recipientIsMinor: true }),
    undefined,
    'The same, sent to a minor.',
  ),
  rule(
    'terms.commercial',
    'commercial-exploitation',
    0.6,
    { terms: 'operator.commercial' },
    undefined,
    'Commercial sexual exploitation vocabulary (operator list).',
  ),
  rule('terms.explicit', 'explicit-conversation', 0.3, { terms: 'operator.explicit' }, undefined, 'Explicit vocabulary (operator list): weak on its own.'),
  rule(
    'terms.explicit.minor',
    'explicit-conversation',
    0.75,
    all({ terms: 'operator.explicit' }, { recipientIsMinor: true }),
    undefined,
    'Explicit vocabulary sent to a minor.',
  ),
  rule(
    'terms.sexualised-comment',
    'sexualised-comment',
    0.6,
    near({ terms: 'operator.sexualised' }, MINOR_REFERENCES, 6, false),
    undefined,
    'Sexualising vocabulary near a reference to a young person.',
  ),
  rule(
    'terms.normalise-attraction',
    'normalise-attraction',
    0.5,
    { terms: 'operator.normalisation' },
    undefined,
    'Promoting attraction to minors as an identity (operator list).',
  ),
  rule(
    'terms.encourage',
    'encourage-cse',
    0.6,
    { terms: 'operator.encouragement' },
    undefined,
    'Encouraging or sharing fantasies about exploitation (operator list).',
  ),
  rule(
    'terms.identify-victim',
    'identify-victim',
    0.7,
    { terms: 'operator.victim-identification' },
    undefined,
    'Names or handles of identified victims (operator list).',
  ),
];

export const OPERATOR_TERM_LISTS = {
  'operator.solicitation': { description: 'Phrases asking for or offering material. Supplied by the operator.', optional: true },
  'operator.commercial': { description: 'Commercial exploitation vocabulary. Supplied by the operator.', optional: true },
  'operator.explicit': { description: 'Explicit vocabulary. Supplied by the operator.', optional: true },
  'operator.sexualised': { description: 'Sexualising vocabulary, matched near references to young people. Supplied by the operator.', optional: true },
  'operator.normalisation': { description: 'Phrases promoting attraction to minors as an identity. Supplied by the operator.', optional: true },
  'operator.encouragement': { description: 'Phrases encouraging exploitation. Supplied by the operator.', optional: true },
  'operator.victim-identification': { description: 'Names or handles of identified victims. Supplied by the operator.', optional: true },
} as const;
