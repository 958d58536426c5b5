// A classifier's finding as a signal: review by default. Its evidence carries where it came
// from (provider, model and version) so that a reviewer, an appeal and a report can say
// what looked at the item. `acts` is set only when the operator configured this provider
// to act and the score reached their cut: the policy reads it (policy/signals.ts), and
// nothing else makes a classifier signal act.
import type { ClassifierFinding } from './classifier.js';

export interface ClassifierSignal {
  signal: 'classifier';
  source: string;
  strength: number;
  clause: string;
  evidence: Record<string, string | number | boolean | null>;
}

export interface SignalOptions {
  /** The operator trusts this provider to act at or above this score; null: it never acts. */
  readonly actAt: number | null;
  /** Which media item or link the finding is about. */
  readonly mediaId?: string;
  readonly url?: string;
}

export function classifierSignal(finding: ClassifierFinding, options: SignalOptions): ClassifierSignal {
  const clause =
    finding.input === 'url'
      ? 'content.link-to-material'
      : finding.input === 'text'
        ? 'content.sexualised-comment-minor'
        : finding.materialNature !== null
          ? 'content.illustrated-depiction'
          : 'content.visual-depiction';
  return {
    signal: 'classifier',
    source: `classifier:${finding.provider}`,
    strength: finding.score,
    clause,
    evidence: {
      ...prefixed(finding.details),
      provider: finding.provider,
      model: finding.model,
      modelVersion: finding.modelVersion,
      label: finding.label,
      score: finding.score,
      materialNature: finding.materialNature,
      acts: options.actAt !== null && finding.score >= options.actAt,
      ...(options.mediaId !== undefined ? { mediaId: options.mediaId } : {}),
      ...(options.url !== undefined ? { url: options.url } : {}),
    },
  };
}

/** Provider fields kept apart from vigie's own evidence keys. */
function prefixed(details: ClassifierFinding['details']): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [`provider.${k}`, v]));
}
