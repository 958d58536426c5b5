// Which CyberTipline incident type a policy clause reports under (ncmec-cybertipline.md §7.2:
// the eight values, spelled exactly as the schema has them), and which report annotations it
// adds. Every clause the policy marks reportToNcmec has a type; the others are never filed.
import type { ViolationId } from '../../policy/violations.js';

export const INCIDENT_TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const REPORT_ANNOTATIONS = ['sextortion', 'csamSolicitation', 'minorToMinorInteraction', 'spam', 'sadisticOnlineExploitation'] as const;
export type ReportAnnotation = (typeof REPORT_ANNOTATIONS)[number];

const CP: IncidentType = 'Child Pornography (possession, manufacture, and distribution)';
const ENTICEMENT: IncidentType = 'Online Enticement of Children for Sexual Acts';

/** The clause's incident type and annotations. Drawn and generated depictions are in scope of 18 U.S.C. § 2256(8). */
export const INCIDENT_FOR_CLAUSE: Partial<Record<ViolationId, { type: IncidentType; annotations: readonly ReportAnnotation[] }>> = {
  'content.visual-depiction': { type: CP, annotations: [] },
  'content.illustrated-depiction': { type: CP, annotations: [] },
  'content.link-to-material': { type: CP, annotations: [] },
  'behaviour.obtain-material': { type: CP, annotations: ['csamSolicitation'] },
  'behaviour.commercial-exploitation': { type: 'Child Sex Trafficking', annotations: [] },
  'behaviour.explicit-media-to-minor': { type: 'Unsolicited Obscene Material Sent to a Child', annotations: [] },
  'behaviour.explicit-conversation': { type: ENTICEMENT, annotations: [] },
  // NCMEC's REPORT Act guidance: enticement "may include reports concerning grooming".
  'behaviour.grooming': { type: ENTICEMENT, annotations: [] },
  'behaviour.sextortion': { type: ENTICEMENT, annotations: ['sextortion'] },
};

// When a decision names several clauses, the report is filed under the gravest type; the
// others' annotations still apply.
const PRECEDENCE: readonly IncidentType[] = [CP, 'Child Sex Trafficking', ENTICEMENT, 'Unsolicited Obscene Material Sent to a Child'];

export interface Incident {
  type: IncidentType;
  annotations: ReportAnnotation[];
}

/** The incident for a set of clauses, or null when none of them is reported to NCMEC. */
export function incidentFor(clauses: readonly string[]): Incident | null {
  const found = clauses.map((c) => INCIDENT_FOR_CLAUSE[c as ViolationId]).filter((x) => x !== undefined);
  if (found.length === 0) return null;
  const type = PRECEDENCE.find((t) => found.some((f) => f.type === t)) ?? found[0]!.type;
  const set = new Set(found.flatMap((f) => f.annotations));
  return { type, annotations: REPORT_ANNOTATIONS.filter((a) => set.has(a)) };
}
