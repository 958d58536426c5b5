// Contexts that lower the strength of a message's text signals: news reporting, advocacy
// and prevention, parenting advice and help-seeking are not violations (DESIGN, "Not
// violations"). They never decide anything: they only lower review priority, and they are
// not applied to messages sent to a minor (see engine.ts).
import type { ContextRule } from '../rules-file.js';
import { context, phrases } from './build.js';

export const CONTEXT_RULES: readonly ContextRule[] = [
  context(
    'en.context.news',
    'news',
    0.3,
    phrases(
      'police arrested', 'was arrested', 'were arrested', 'the court heard', 'court heard', 'was sentenced', 'was convicted', 'pleaded guilty', 'prosecutors said', 'prosecutor said', 'investigators said', 'police said',
      'according to', 'the report says', 'a report', 'new report', 'study finds', 'a new study', 'the suspect', 'charged with', 'news', 'breaking',
    ),
    'en',
  ),
  context(
    'fr.context.news',
    'news',
    0.3,
    phrases('a ete condamne', 'a été condamné', 'a ete interpelle', 'a été interpellé', 'mis en examen', 'le tribunal', 'le procureur', 'selon le procureur', 'selon l enquete', 'selon l enquête', 'l enquete', 'les enqueteurs', 'la police rappelle', 'les gendarmes', 'le suspect', 'selon une etude', 'selon un rapport'),
    'fr',
  ),
  context(
    'en.context.prevention',
    'prevention',
    0.3,
    phrases(
      'warning signs', 'signs of grooming', 'talk to your kids', 'talk to your children', 'talk to your child', 'you are not alone', "you're not alone", "don't pay", 'do not pay', 'never pay', 'report it', 'tell a trusted adult',
      'trusted adult', 'never send money', 'block and report', 'stop it now', 'protect children', 'keep kids safe', 'online safety', 'awareness', 'if someone threatens', 'if someone asks',
    ),
    'en',
  ),
  context(
    'fr.context.prevention',
    'prevention',
    0.3,
    phrases('3018', 'e enfance', 'parlez en', 'parle en a un adulte', 'parles en a un adulte', 'un adulte de confiance', 'signale le', 'ne paie pas', 'ne paye pas', 'ne garde jamais', 'si un inconnu', 'si quelqu un menace', 'si quelqu un te demande', 'proteger les enfants', 'protéger les enfants', 'prevention', 'prévention', 'sensibilisation', 'signes d alerte'),
    'fr',
  ),
  context(
    'en.context.help-seeking',
    'help-seeking',
    0.25,
    phrases(
      'i need help', 'please help', 'help me', "i don't know what to do", 'i dont know what to do', 'what should i do', 'who can i talk to', "i'm scared", 'im scared', "i'm being blackmailed", 'being blackmailed',
      'is threatening me', 'someone is threatening me', 'threatening me', 'therapist', 'counsellor', 'counselor', 'helpline', 'hotline', 'talk to someone', 'i want to get help',
    ),
    'en',
  ),
  context(
    'fr.context.help-seeking',
    'help-seeking',
    0.25,
    phrases("j ai besoin d aide", 'besoin d aide', 'aidez moi', 'aide moi', 'je fais quoi', 'je sais pas quoi faire', 'je ne sais pas quoi faire', 'victime de chantage', 'on me fait du chantage', 'me menace', 'j ai peur', 'un psy', 'parler a quelqu un', 'parler à quelqu un', 'je ne vais pas bien'),
    'fr',
  ),
  context(
    'en.context.parenting',
    'parenting',
    0.35,
    phrases('as a parent', 'my son', 'my daughter', 'my kid', 'my kids', 'my child', 'my children', 'my teen', 'my teenager', 'our kids', 'parental controls', 'how do i talk to my', 'other parents', 'fellow parents'),
    'en',
  ),
  context(
    'fr.context.parenting',
    'parenting',
    0.35,
    phrases('en tant que parent', 'mon fils', 'ma fille', 'mes enfants', 'mon enfant', 'mon ado', 'nos enfants', 'controle parental', 'contrôle parental', 'les parents', 'votre enfant'),
    'fr',
  ),
];
