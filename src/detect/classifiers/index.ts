// The adapters by provider name.
import type { ClassifierAdapter, ClassifierProvider } from './classifier.js';
import { arachnidShield } from './arachnid-shield.js';
import { googleContentSafety } from './google-content-safety.js';
import { hiveVisualModeration, type HiveClasses } from './hive.js';
import { openAiModeration } from './openai-moderation.js';
import { photoDna } from './photodna.js';
import { safer } from './safer.js';

export * from './classifier.js';
export { classifierSignal, type ClassifierSignal } from './signals.js';
export { DEFAULT_HIVE_CLASSES, type HiveClasses } from './hive.js';

/** Where each provider answers, as its documentation gives it; the operator may point elsewhere. */
export const DEFAULT_BASE_URLS: Readonly<Record<ClassifierProvider, string>> = {
  'google-content-safety': 'https://contentsafety.googleapis.com',
  photodna: 'https://api.microsoftmoderator.com',
  'arachnid-shield': 'https://shield.projectarachnid.com',
  safer: 'https://api.thehive.ai',
  hive: 'https://api.thehive.ai',
  'openai-moderation': 'https://api.openai.com',
};

export function adapterFor(provider: ClassifierProvider, options: { hive?: HiveClasses } = {}): ClassifierAdapter {
  switch (provider) {
    case 'google-content-safety':
      return googleContentSafety;
    case 'photodna':
      return photoDna;
    case 'arachnid-shield':
      return arachnidShield;
    case 'safer':
      return safer;
    case 'hive':
      return hiveVisualModeration(options.hive);
    case 'openai-moderation':
      return openAiModeration;
  }
}
