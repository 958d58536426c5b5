// What a reporter may say is wrong, in plain words, and what it means for the policy: the
// clause a reviewer starts from and how soon a person should look. A report never decides
// anything (DESIGN.md): these only route and order the case.
import type { ViolationId } from './violations.js';

export interface ReportReason {
  readonly id: string;
  readonly clause: ViolationId | null;
  /** 0..100, as case priorities (priority.ts). */
  readonly priority: number;
  /** Sextortion goes with self-harm too often to wait (signals.md §2). */
  readonly urgent: boolean;
  readonly label: { readonly en: string; readonly fr: string };
}

export const REPORT_REASONS = [
  {
    id: 'sexual-image-of-child',
    clause: 'content.visual-depiction',
    priority: 80,
    urgent: false,
    label: { en: 'A sexual image or video of a child', fr: "Une image ou une vidéo sexuelle d'un enfant" },
  },
  {
    id: 'drawn-or-generated',
    clause: 'content.illustrated-depiction',
    priority: 70,
    urgent: false,
    label: { en: 'A drawn or computer-made sexual image of a child', fr: "Une image sexuelle d'un enfant dessinée ou faite par ordinateur" },
  },
  {
    id: 'link-to-material',
    clause: 'content.link-to-material',
    priority: 70,
    urgent: false,
    label: { en: 'A link to such images elsewhere', fr: 'Un lien vers de telles images ailleurs' },
  },
  {
    id: 'threat-or-blackmail',
    clause: 'behaviour.sextortion',
    priority: 100,
    urgent: true,
    label: {
      en: 'Someone threatens to share pictures of a young person, or asks for money or more pictures',
      fr: "Quelqu'un menace de partager des photos d'un jeune, ou exige de l'argent ou d'autres photos",
    },
  },
  {
    id: 'adult-contacting-child',
    clause: 'behaviour.grooming',
    priority: 60,
    urgent: false,
    label: {
      en: 'An adult trying to get close to a child, or to move them to a private chat',
      fr: "Un adulte qui cherche à se rapprocher d'un enfant, ou à l'attirer dans une discussion privée",
    },
  },
  {
    id: 'sexualised-comment',
    clause: 'content.sexualised-comment-minor',
    priority: 50,
    urgent: false,
    label: { en: 'A sexual comment about or to a child', fr: 'Un commentaire sexuel sur un enfant ou adressé à un enfant' },
  },
  {
    id: 'asking-for-material',
    clause: 'behaviour.obtain-material',
    priority: 60,
    urgent: false,
    label: { en: 'Someone asking for or offering such images', fr: 'Quelqu\u2019un qui demande ou propose de telles images' },
  },
  {
    id: 'identifies-victim',
    clause: 'behaviour.identify-victim',
    priority: 60,
    urgent: false,
    label: { en: 'A post naming or showing a victim', fr: 'Une publication qui nomme ou montre une victime' },
  },
  {
    id: 'promotes-attraction',
    clause: 'behaviour.normalise-attraction',
    priority: 40,
    urgent: false,
    label: { en: 'Promoting sexual attraction to children', fr: "La promotion d'une attirance sexuelle pour les enfants" },
  },
  {
    id: 'other',
    clause: null,
    priority: 30,
    urgent: false,
    label: { en: 'Something else that puts a child at risk', fr: 'Autre chose qui met un enfant en danger' },
  },
] as const satisfies readonly ReportReason[];

export type ReportReasonId = (typeof REPORT_REASONS)[number]['id'];

export const REPORT_REASON_IDS = REPORT_REASONS.map((r) => r.id) as [ReportReasonId, ...ReportReasonId[]];

export function reportReason(id: ReportReasonId): ReportReason {
  return REPORT_REASONS.find((r) => r.id === id)!;
}

/** Each further person reporting the same subject adds a little, up to a ceiling: corroboration. */
export function reportedPriority(reason: ReportReason, distinctReporters: number): number {
  if (reason.urgent) return 100;
  return Math.min(99, reason.priority + 3 * Math.min(3, Math.max(0, distinctReporters - 1)));
}
