// Règles par défaut en français : comportements seulement, en mots simples et non
// explicites (signals.md §2). Les phrases sont normalisées comme le texte (casse,
// accents, apostrophes, leetspeak, lettres répétées), d'où des variantes sans apostrophe
// ("tas" pour "t'as") mais pas d'accents.
import type { SignalRule } from '../rules-file.js';
import { all, any, near, phrases, rule } from './build.js';

const TES_PROCHES = ['tes parents', 'ta mere', 'ta mère', 'ton pere', 'ton père', 'ta famille', 'tes darons', 'tes vieux', 'tes amis', 'tes potes', 'ta soeur', 'ton frere', 'ta prof', 'ton prof'];
const APPS = ['snap', 'snapchat', 'telegram', 'whatsapp', 'wsp', 'discord', 'kik', 'signal', 'insta', 'instagram', 'tiktok', 'skype', 'messenger', 'viber', 'wickr', 'threema'];

export const FR_RULES: readonly SignalRule[] = [
  // Accès et ciblage : âge, classe, établissement.
  rule(
    'fr.age-probing.age',
    'age-probing',
    0.35,
    phrases('quel age as tu', 'quel age tu as', 't as quel age', 'tas quel age', 'ta quel age', 'tu as quel age', 'quel age t as', 'quel age tas', 'c est quoi ton age', 'ton age', 'tu es majeure', 'tu es majeur', 't es majeure', 'tes majeure', 'tu fais jeune', 't as l air jeune'),
    'fr',
  ),
  rule(
    'fr.age-probing.classe',
    'age-probing',
    0.35,
    phrases('en quelle classe', 'quelle classe', 'au college ou au lycee', 't es au college', 'tu es au college', 't es au lycee', 'tu es au lycee', 'tes au college', 'tes au lycee', 'en quelle annee', 'dans quel college', 'dans quel lycee', 'quel college', 'quel lycee', 'quelle ecole', 'dans quelle ecole', 'tu vas a l ecole ou'),
    'fr',
  ),

  // Évaluation du risque : surveillance parentale, téléphone, être seul.
  rule(
    'fr.risk-assessment.surveillance',
    'risk-assessment',
    0.45,
    near(
      near(['tes parents', 'ta mere', 'ta mère', 'ton pere', 'ton père', 'ta famille', 'tes darons', 'quelqu un', 'quelqu un d autre'], ['regardent', 'regarde', 'verifient', 'vérifient', 'verifie', 'vérifie', 'lisent', 'lit', 'surveillent', 'surveille', 'checkent', 'check', 'controlent', 'contrôlent', 'fouillent', 'fouille'], 2),
      ['ton telephone', 'ton téléphone', 'ton portable', 'ton tel', 'tes messages', 'tes conversations', 'tes sms', 'ton ecran', 'ta tablette', 'nos messages'],
      2,
    ),
    'fr',
  ),
  rule(
    'fr.risk-assessment.seul',
    'risk-assessment',
    0.45,
    phrases(
      't es seule', 'tu es seule', 'tes seule', 'ton telephone a toi', 'ton portable a toi', 'toute seule chez toi', 'tout seul chez toi', 'seule chez toi', 'seul chez toi', 'toute seule a la maison', 'tout seul a la maison', 'tes parents sont la', 'tes parents sont pas la', 'tes parents dorment',
      'tes parents rentrent quand', 'il y a quelqu un avec toi', 'quelqu un d autre lit', 'qui d autre lit', 'qui lit tes messages', 'ton propre telephone', 'ton propre portable', 'ta propre chambre', 'ferme ta porte',
    ),
    'fr',
  ),

  // Secret : garder la conversation secrète, l'effacer.
  rule(
    'fr.secrecy.secret',
    'secrecy',
    0.45,
    phrases('entre nous', 'reste entre nous', 'notre secret', 'notre petit secret', 'c est un secret', 'garde le secret', 'garde ca pour toi', 'garde ça pour toi', 'personne doit savoir', 'personne ne doit savoir', 'messages ephemeres', 'mode ephemere'),
    'fr',
  ),
  rule(
    'fr.secrecy.dis-rien',
    'secrecy',
    0.45,
    any(
      near(['dis rien', 'ne dis rien', 'dis pas', 'ne dis pas', 'le dis pas', 'en parle pas', 'n en parle pas', 'raconte pas', 'ne raconte pas', 'le dis'], ['a personne', 'à personne', ...TES_PROCHES.map((p) => `a ${p}`)], 2),
      phrases('dis le a personne', 'le dis a personne', 'dis a personne', 'ne le dis a personne'),
    ),
    'fr',
  ),
  rule(
    'fr.secrecy.effacer',
    'secrecy',
    0.45,
    near(['supprime', 'efface', 'supprimer', 'effacer', 'suprime', 'supprimes', 'effaces'], ['la conversation', 'la conv', 'nos messages', 'les messages', 'tes messages', 'la discussion', 'notre discussion', 'nos conversations', 'nos conv', 'tout ce que je t ai envoye'], 2),
    'fr',
  ),

  // Exclusivité et isolement.
  rule(
    'fr.isolation.que-moi',
    'isolation',
    0.4,
    phrases(
      'le seul qui te comprend', 'la seule qui te comprend', 'personne ne te comprend comme', 'personne te comprend comme', 'il n y a que moi qui', 'y a que moi qui', 'le seul a te comprendre', 'la seule a te comprendre', 'je suis le seul qui', 'je suis la seule qui', 'tu n as besoin que de moi', 't as besoin que de moi',
      'tas besoin que de moi', 'tu as besoin que de moi', 'fais confiance qu a moi', 'tu peux faire confiance qu a moi', 't as pas besoin d eux', 'tas pas besoin d eux', 'tu n as pas besoin d eux', 'tu as pas besoin d eux',
    ),
    'fr',
  ),
  rule(
    'fr.isolation.contre-proches',
    'isolation',
    0.4,
    near([...TES_PROCHES, 'ils', 'elles'], ['te comprennent pas', 'ne te comprennent pas', 'te comprend pas', 'ne te comprend pas', 'te meritent pas', 'ne te meritent pas', 'te méritent pas', 'ne te méritent pas', 't aiment pas', 'ne t aiment pas', 's en fichent de toi', 's en foutent de toi', 'sont faux', 'sont fausses'], 2),
    'fr',
  ),

  // Changement de plateforme.
  rule(
    'fr.platform-migration.appli',
    'platform-migration',
    0.4,
    any(
      near(['ajoute moi sur', 'ajoute moi', 'ajoutes moi', 'add moi', 'ecris moi sur', 'écris moi sur', 'ecris moi', 'on continue sur', 'continue sur', 'on parle sur', 'on se parle sur', 'parle moi sur', 'viens sur', 'on passe sur', 'passe sur', 'passons sur', 't as', 'tas', 'tu as', 'c est quoi ton', 'donne moi ton', 'ton'], APPS, 2),
      phrases('une autre appli', 'une autre application', 'appli plus privee', 'ailleurs en prive', 'en mp sur'),
    ),
    'fr',
  ),

  // Demandes d'images (formulations non explicites).
  rule(
    'fr.image-request.photo',
    'image-request',
    0.45,
    near(
      ['envoie moi', 'envoi moi', 'envoie', 'tu m envoies', 'tu m envoie', 'tu peux m envoyer', 'm envoyer', 'montre moi', 'montre toi', 'je veux voir', 'fais voir', 'je peux voir', 'fais moi voir'],
      ['une photo', 'des photos', 'une photo de toi', 'photo de toi', 'photos de toi', 'un selfie', 'selfie', 'a quoi tu ressembles', 'à quoi tu ressembles', 'ta tete', 'ton visage', 'une video de toi'],
      3,
    ),
    'fr',
  ),
  rule(
    'fr.image-request.camera',
    'image-request',
    0.4,
    phrases('appel video avec la camera', 'allume ta camera', 'allume ta cam', 'allume la camera', 'active ta camera', 'active ta cam', 'mets ta camera', 'en facetime', 'facetime moi'),
    'fr',
  ),

  // Rendez-vous.
  rule(
    'fr.meeting.adresse',
    'meeting',
    0.45,
    phrases('tu habites ou', 't habites ou', 'tu vis ou', 'ton adresse', 'donne moi ton adresse', 'ta localisation', 'ta position', 'envoie ta position', 'te chercher', 'venir te chercher', 'passer te prendre', 'je passe te prendre', 'je viens chez toi', 'je viens te voir', 'a la sortie des cours', 'a la sortie du college', 'a la sortie du lycee'),
    'fr',
  ),
  rule(
    'fr.meeting.proposer',
    'meeting',
    0.3,
    phrases('on se voit', 'on pourrait se voir', 'on se rejoint', 'se rejoindre', 'se voir en vrai', 'se rencontrer', 'on se rencontre', 'viens chez moi', 'tu viens chez moi', 'rendez vous', 'rdv', 'on se capte'),
    'fr',
  ),

  // Cadeaux et offres.
  rule(
    'fr.gift-offer.offre',
    'gift-offer',
    0.35,
    near(
      ['je peux t envoyer', 'je t envoie', 'je t achete', 'je t achète', 'je t offre', 'je te l offre', 'je peux t offrir', 'je te paie', 'je te paye', 'je te donne', 'je peux te donner', 'tu veux'],
      ['des robux', 'robux', 'vbucks', 'v bucks', 'une carte cadeau', 'carte cadeau', 'de l argent', 'des sous', 'un telephone', 'un téléphone', 'un nouveau telephone', 'un nouveau téléphone', 'un portable', 'ton forfait', 'des skins', 'un skin', 'des gemmes', 'nitro', 'une recharge', 'un cadeau', 'des cadeaux', 'les baskets', 'des baskets', 'ce que tu veux', 'tout ce que tu veux'],
      3,
    ),
    'fr',
  ),

  // Sextorsion financière : menaces de diffuser des images.
  rule(
    'fr.sextortion-threat.diffuser',
    'sextortion-threat',
    0.8,
    near(
      ['j envoie', 'je vais envoyer', 'je partage', 'je vais partager', 'je vais publier', 'je publie', 'je vais poster', 'je poste', 'je vais diffuser', 'je diffuse', 'je balance', 'je vais balancer', 'je les envoie', 'je les publie', 'je montre', 'je vais montrer'],
      ['tes photos', 'tes videos', 'tes vidéos', 'les photos', 'les videos', 'tes images', 'a tes contacts', 'a tous tes contacts', 'a tes amis', 'a ta famille', 'a tes parents', 'a ton ecole', 'partout', 'sur internet'],
      4,
    ),
    'fr',
  ),
  rule(
    'fr.sextortion-threat.exposition',
    'sextortion-threat',
    0.7,
    any(
      near(['tout le monde', 'toute ton ecole', 'toute ta classe', 'tes amis', 'ta famille', 'tes parents', 'tes contacts', 'tout ton entourage'], ['va voir', 'vont voir', 'verra', 'verront', 'va les voir', 'vont les voir', 'sauront', 'va savoir', 'vont savoir'], 3),
      phrases('les rendre publiques', 'rendre tes photos publiques', 'j ai tes photos', 'jai tes photos', 'j ai tes videos', 'j ai tes vidéos', 'ruiner ta vie', 'ruiner ta reputation', 'ruiner ta réputation', 'j ai tout enregistre', 'j ai tout enregistré'),
    ),
    'fr',
  ),

  // Sextorsion financière : demandes de paiement, pression du temps.
  rule(
    'fr.payment-demand.payer',
    'payment-demand',
    0.5,
    any(
      near(['envoie', 'envoies', 'paie', 'paye', 'paies', 'payes', 'vire', 'virement', 'donne moi', 'file moi', 'transfere', 'transfère'], ['euros', 'argent', 'l argent', 'de l argent', 'thunes', 'carte cadeau', 'paysafecard', 'pcs', 'transcash', 'bitcoin', 'crypto', 'paypal', 'lydia', 'western union', 'le code', 'les codes'], 4),
      near(['envoie', 'paie', 'paye', 'vire', 'envoie moi', 'paie moi'], { pattern: '\\b[0-9]{2,6}\\b' }, 1),
      phrases('paie moi', 'paye moi', 'tu me paies', 'tu me payes', 'tu vas payer'),
    ),
    'fr',
  ),
  rule(
    'fr.payment-demand.delai',
    'payment-demand',
    0.4,
    any(
      all(phrases('tu as', 't as', 'tas', 'vous avez'), { pattern: '\\b(tu as|t as|tas|vous avez) ([0-9]+|une|un|deux|trois) ?(heures?|h|minutes?|min|jours?)\\b' }),
      phrases('ou sinon', 'sinon tu vas voir', 'tu vas le regretter', 'tu le regretteras', 'tic tac', 'derniere chance', 'dernière chance'),
    ),
    'fr',
  ),
];
