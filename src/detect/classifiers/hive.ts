// Hive Visual Moderation: a multi-headed image classifier whose classes each carry a score
// (each head's scores sum to 1). Documented shape (docs.thehive.ai, "Visual Moderation"):
// POST /api/v2/task/sync with the image as the multipart field `media`, header
// `Authorization: Token KEY`; output[{time, classes[{class, score}]}]. Hive's classes are
// general moderation classes, not a child-safety verdict, and which of them an operator's
// contract returns varies: the operator names the classes that raise a signal, and those
// that mean drawn or animated (a missing class scores 0).
import { malformed, record, type ClassifierAdapter, type ClassifierFinding, type ClassifierInput, type ProviderResponse, unitScore } from './classifier.js';
import { hiveAnswer, hiveHeaders } from './hive-response.js';
import { multipartFile } from './multipart.js';

export interface HiveClasses {
  /** Classes whose highest score is the signal's strength. */
  readonly signal: readonly string[];
  /** Classes that, at or above the drawn cut, mark the image as drawn or animated. */
  readonly drawn: readonly string[];
  readonly drawnAt: number;
}

/** Seen in Hive's own example; an operator lists the classes of their contract. */
export const DEFAULT_HIVE_CLASSES: HiveClasses = { signal: ['general_nsfw'], drawn: [], drawnAt: 0.8 };

export function hiveVisualModeration(classes: HiveClasses = DEFAULT_HIVE_CLASSES): ClassifierAdapter {
  return {
    provider: 'hive',
    accepts: ['image'],
    refuses: (input) => (input.kind === 'image' ? null : 'takes images only'),
    request(input, credentials) {
      if (input.kind !== 'image') throw new TypeError('hive takes images only');
      const form = multipartFile('media', input.mediaId.replace(/[^A-Za-z0-9._-]/g, '_') || 'media', input.mimeType, input.bytes);
      return { method: 'POST', path: '/api/v2/task/sync', headers: hiveHeaders(credentials.apiKey, form.contentType), body: form.body };
    },
    parse(_input: ClassifierInput, response: ProviderResponse): ClassifierFinding | null {
      const answer = hiveAnswer('hive', response);
      if (!Array.isArray(answer.output)) throw malformed('hive', 'output must be a list of frames with classes');
      // A still image has one frame; a video's frames each count, the highest wins.
      const scores = new Map<string, number>();
      for (const frame of answer.output) {
        const list = record(frame)?.classes;
        if (!Array.isArray(list)) throw malformed('hive', 'a frame without classes');
        for (const c of list) {
          const r = record(c);
          if (typeof r?.class !== 'string' || typeof r.score !== 'number') throw malformed('hive', 'a class without a name or a score');
          scores.set(r.class, Math.max(scores.get(r.class) ?? 0, r.score));
        }
      }
      const top = classes.signal.reduce<{ name: string; score: number } | null>((best, name) => {
        const score = scores.get(name) ?? 0;
        return best === null || score > best.score ? { name, score } : best;
      }, null);
      if (top === null || top.score === 0) return null;
      const drawn = classes.drawn.some((name) => (scores.get(name) ?? 0) >= classes.drawnAt);
      const details: Record<string, number> = {};
      for (const name of [...classes.signal, ...classes.drawn]) details[name] = unitScore(scores.get(name) ?? 0);
      return {
        provider: 'hive',
        model: answer.model ?? 'hive-visual-moderation',
        modelVersion: answer.modelVersion,
        input: 'image',
        score: unitScore(top.score),
        label: top.name,
        materialNature: drawn ? 'drawn-or-animated' : null,
        details,
      };
    },
  };
}
