// Default English rules: behaviour only, in plain non-graphic words (signals.md §2).
// Phrases are normalised like the text (case, accents, leetspeak, repeated letters and
// punctuation do not matter), so only wording variants are listed.
import type { SignalRule } from '../rules-file.js';
import { all, any, near, phrases, rule } from './build.js';

const YOUR_PEOPLE = ['your parents', 'ur parents', 'your mom', 'your mum', 'ur mom', 'your dad', 'ur dad', 'your family', 'your folks', 'your friends', 'ur friends', 'your sister', 'your brother'];
const APPS = ['snap', 'snapchat', 'telegram', 'whatsapp', 'discord', 'kik', 'signal', 'wickr', 'insta', 'instagram', 'ig', 'tiktok', 'skype', 'wechat', 'viber', 'threema', 'messenger', 'session app', 'element app'];

export const EN_RULES: readonly SignalRule[] = [
  // Access / targeting: probing for age and school.
  rule('en.age-probing.how-old', 'age-probing', 0.35, near(['how old'], ['are you', 'r u', 'are u', 'r you', 'ru'], 1), 'en'),
  rule(
    'en.age-probing.ask-age',
    'age-probing',
    0.35,
    phrases('whats your age', "what's your age", 'what is your age', 'whats ur age', "what's ur age", 'your age', 'ur age', 'asl', 'how young are you', 'are you under 18', 'are u under 18', 'are you even 18', 'you look young', 'u look young', 'you look so young'),
    'en',
  ),
  rule(
    'en.age-probing.school-year',
    'age-probing',
    0.35,
    any(
      phrases('what grade are you in', 'what grade r u in', 'what grade are u in', 'which grade are you in', 'what year are you in', 'which year are you in', 'what school do you go to', 'which school do you go to', 'are you still in school', 'are you in school', 'do you still go to school', 'what school are you at', 'what school r u at', 'where do you go to school'),
      near(['are you in', 'r u in', 'are u in', 'u in', 'you in', 'still in'], ['middle school', 'high school', 'elementary', 'junior high', 'grade 6', 'grade 7', 'grade 8', 'grade 9', 'year 7', 'year 8', 'year 9', 'year 10'], 1),
    ),
    'en',
  ),

  // Risk assessment: parental supervision, device privacy, being alone.
  rule(
    'en.risk-assessment.parents-check',
    'risk-assessment',
    0.45,
    near(
      near(['your parents', 'ur parents', 'your mom', 'your mum', 'ur mom', 'your dad', 'ur dad', 'your folks', 'your family', 'anyone', 'anybody', 'someone'], ['check', 'checks', 'look at', 'looks at', 'read', 'reads', 'go through', 'goes through', 'look through', 'snoop on', 'see', 'sees', 'monitor', 'monitors', 'snoop', 'track'], 2),
      ['your phone', 'ur phone', 'your messages', 'ur messages', 'your texts', 'your chats', 'your dms', 'your screen', 'your tablet', 'this chat', 'these messages', 'our chat'],
      2,
    ),
    'en',
  ),
  rule(
    'en.risk-assessment.alone',
    'risk-assessment',
    0.45,
    phrases(
      'home alone', 'are you alone', 'r u alone', 'are u alone', 'are you by yourself', 'just you tonight', 'just you at home', 'is your mom around', 'is your mom home', 'is your dad home',
      'are your parents home', 'are your parents around', 'are your parents asleep', 'your parents asleep', 'where are your parents', 'when do your parents get home', 'is anyone with you', 'anyone else there', 'anyone else with you', 'who else is there',
      'does anyone else read', 'does anyone else see', 'who else reads', 'who else uses your phone', 'who else has your password', 'do you have your own phone', 'your own phone', 'do you share your phone', 'do you share it with', 'your own room', 'lock your door', 'is your door locked',
    ),
    'en',
  ),

  // Secrecy: keep the chat secret, delete it, disappearing modes.
  rule(
    'en.secrecy.between-us',
    'secrecy',
    0.45,
    phrases(
      'between us', 'between you and me', 'our secret', 'our little secret', 'keep it secret', 'keep this secret', 'keep it a secret', 'keep this a secret', 'our thing', 'no one needs to know', 'nobody needs to know',
      'no one has to know', 'nobody has to know', 'tell no one', 'keep quiet about', 'disappearing messages', 'vanish mode', 'secret chat',
    ),
    'en',
  ),
  rule(
    'en.secrecy.dont-tell',
    'secrecy',
    0.45,
    near(["don't tell", 'dont tell', 'do not tell', 'never tell', "don't show", 'dont show', "don't say", 'dont say'], ['anyone', 'anybody', 'no one', 'nobody', ...YOUR_PEOPLE, 'your teacher'], 1),
    'en',
  ),
  rule(
    'en.secrecy.delete',
    'secrecy',
    0.45,
    near(['delete', 'erase', 'clear', 'wipe', 'remove'], ['our chat', 'this chat', 'the chat', 'our messages', 'these messages', 'my messages', 'the messages', 'this conversation', 'our conversation', 'the conversation', 'our texts', 'these texts', 'our dms', 'everything i sent'], 2),
    'en',
  ),

  // Exclusivity and isolation.
  rule(
    'en.isolation.only-me',
    'isolation',
    0.4,
    phrases(
      'only one who understands you', 'nobody understands you like', 'no one understands you like', 'nobody gets you like', 'no one gets you like', 'only i care about you', 'only i really care about you', 'only one who gets you', 'only one who really understands you', 'only one who cares about you', 'only i understand you',
      'you only need me', 'all you need is me', "i'm all you need", 'im all you need', 'you have me', 'you can only trust me', 'only trust me', "you don't need them", 'you dont need them',
      "you don't need anyone else", 'you dont need anyone else',
    ),
    'en',
  ),
  rule(
    'en.isolation.turn-against',
    'isolation',
    0.4,
    near(
      [...YOUR_PEOPLE, 'they', 'them'],
      ["don't get you", 'dont get you', "don't understand you", 'dont understand you', "don't really get you", "don't really understand you", "don't deserve you", 'dont deserve you', "don't care about you", 'dont care about you', 'are fake', 'are not real friends', "aren't real friends", "don't love you", "won't understand"],
      2,
    ),
    'en',
  ),

  // Platform migration, especially to encrypted or ephemeral apps.
  rule(
    'en.platform-migration.move-app',
    'platform-migration',
    0.4,
    any(
      near(
        ['add me on', 'add me', 'text me on', 'message me on', 'msg me on', 'hit me up on', 'hmu on', 'find me on', 'dm me on', 'talk on', 'chat on', 'move to', 'move this to', 'switch to', 'go to', 'continue on', "let's talk on", 'do you have', 'do u have', 'you have', 'u have', 'got', "what's your", 'whats your', 'what is your', 'whats ur', 'give me your', 'send me your'],
        APPS,
        2,
      ),
      phrases('somewhere more private', 'more private app', 'another app', 'a different app', 'somewhere else to talk', 'talk somewhere else', 'a private app'),
    ),
    'en',
  ),

  // Requests for images (non-explicit wording; the topic itself is a classifier's job).
  rule(
    'en.image-request.photo-of-you',
    'image-request',
    0.45,
    near(
      ['send me', 'send', 'sned', 'can i see', 'let me see', 'show me', 'i want to see', 'i wanna see', 'wanna see', 'can i have', 'can you send', 'could you send', 'u send'],
      ['pic of you', 'pic of u', 'picture of you', 'photo of you', 'pics of you', 'photos of you', 'pictures of you', 'pic of yourself', 'picture of yourself', 'photo of yourself', 'selfie', 'selfies', 'what you look like', 'what u look like', 'a pic', 'a picture', 'a photo', 'some pics', 'more pics', 'a selfie', 'a video of you'],
      3,
    ),
    'en',
  ),
  rule(
    'en.image-request.camera',
    'image-request',
    0.4,
    phrases('turn on your camera', 'turn your camera on', 'with the camera on', 'with your camera on', 'video call me', 'video chat with me', 'turn on ur cam', 'turn on your cam', 'put your camera on', 'your camera on', 'turn on your webcam', 'webcam on', 'facetime me'),
    'en',
  ),

  // Meeting arrangement.
  rule(
    'en.meeting.address',
    'meeting',
    0.45,
    phrases('where do you live', 'where do u live', 'where you live', "what's your address", 'whats your address', 'what is your address', 'send me your address', 'your address', 'send me your location', 'share your location', 'your location', 'pick you up', 'pick u up', 'come to your house', 'come to your place', "i'll come see you", 'i will come see you', 'outside your school'),
    'en',
  ),
  rule(
    'en.meeting.propose',
    'meeting',
    0.3,
    phrases('meet up', 'meet in person', 'meet irl', 'meet you', 'meet me', 'see you in person', 'see you irl', 'we should meet', "let's meet", 'lets meet', 'wanna meet', 'want to meet', 'come to my place', 'come over to my place', 'come to my house', 'come over', "i'll come to you", 'i can come to you', 'visit you'),
    'en',
  ),

  // Gifts and offers.
  rule(
    'en.gift-offer.offer',
    'gift-offer',
    0.35,
    any(
      near(
        ['i can send you', "i'll send you", 'ill send you', 'i will send you', 'i can get you', "i'll get you", 'ill get you', 'i will get you', "i'll buy you", 'ill buy you', 'i will buy you', 'i can buy you', "i'll give you", 'ill give you', 'i can give you', 'i will give you', "i'll pay for", 'i can pay for', 'let me buy you', 'let me get you', 'do you want', 'you want', 'u want', 'wanna get', 'want some'],
        ['robux', 'vbucks', 'v-bucks', 'v bucks', 'gift card', 'giftcard', 'money', 'cash', 'a new phone', 'new phone', 'a phone', 'skins', 'a skin', 'gems', 'diamonds', 'coins', 'nitro', 'credit', 'top up', 'minecoins', 'a gift', 'presents', 'shoes', 'clothes', 'anything you want', 'whatever you want'],
        3,
      ),
      phrases('free robux', 'free vbucks', 'free v-bucks', 'free nitro', 'free gift card'),
    ),
    'en',
  ),

  // Financial sextortion: threats to share images.
  rule(
    'en.sextortion-threat.share-images',
    'sextortion-threat',
    0.8,
    near(
      ["i'll send", 'ill send', 'i will send', "i'm going to send", 'im going to send', 'gonna send', "i'll post", 'ill post', 'i will post', "i'm going to post", 'gonna post', "i'll share", 'ill share', 'i will share', 'i share', 'i send', 'i post', "i'm sending", 'going to send', 'gonna share', "i'll leak", 'i will leak', 'gonna leak', "i'll show", 'i will show', "i'll expose", 'i will expose', "i'll publish", 'i will publish', "i'll upload", 'i will upload'],
      ['your pictures', 'your pics', 'your photos', 'your videos', 'the pictures', 'the pics', 'the photos', 'the videos', 'them to', 'your chats', 'everything to'],
      3,
    ),
    'en',
  ),
  rule(
    'en.sextortion-threat.exposure',
    'sextortion-threat',
    0.7,
    any(
      near(['everyone', 'everybody', 'all your friends', 'your friends', 'your family', 'your parents', 'your school', 'your followers', 'your contacts', 'the whole school', 'everyone you know'], ['will see', 'is going to see', 'are going to see', 'gonna see', 'will know', 'will find out', 'is gonna see'], 4),
      phrases('make them public', 'make your pics public', 'make your photos public', 'ruin your life', 'ruin your reputation', 'i have your pics', 'i have your photos', 'i have your pictures', "i've got your pics", 'ive got your pics', 'i got your pics', 'i saved your pics', 'i saved your photos', 'screenshotted everything', 'go viral'),
    ),
    'en',
  ),

  // Financial sextortion: payment demands, time pressure.
  rule(
    'en.payment-demand.pay',
    'payment-demand',
    0.5,
    any(
      near(['send', 'pay', 'transfer', 'give me', 'wire', 'venmo me', 'cashapp me'], ['dollars', 'bucks', 'money', 'euros', 'the money', 'gift card', 'gift cards', 'steam card', 'bitcoin', 'btc', 'crypto', 'cash app', 'cashapp', 'paypal', 'venmo', 'zelle', 'apple pay', 'google play card', 'itunes card', 'amazon card', 'the code'], 4),
      near(['send', 'pay', 'transfer', 'send me', 'pay me'], { pattern: '\\b[0-9]{2,6}\\b' }, 1),
      phrases('pay me', 'pay up', 'pay now'),
    ),
    'en',
  ),
  rule(
    'en.payment-demand.deadline',
    'payment-demand',
    0.4,
    any(
      // the phrase gate keeps the pattern from running on every message
      all(phrases('you have', 'u have', 'you ve got', 'you got', 'u got'), { pattern: '\\b(you have|u have|you ve got|you got|u got) ([0-9]+|an?|one|two|three) (hours?|hrs?|minutes?|mins?|days?)\\b' }),
      phrases('tick tock', 'clock is ticking', 'last chance', 'or else', "or you'll regret it", 'or you will regret it', "you'll regret it"),
    ),
    'en',
  ),
];
