// NCMEC's file annotations (cyber_tipline.xsd, complexType fileAnnotations): presence flags
// about one reported file, sent in its <fileDetails>. vigie sets the two that say what kind of
// picture it is, from the decision's material nature (policy/material.ts): a person's finding,
// or the classifiers' when no person decided. The other flags (meme, viral, self-production,
// ...) are for the reviewer and the report builder to add.
import type { MaterialNature } from '../../policy/material.js';

/** Every flag of the schema's fileAnnotations, by its element name. */
export const FILE_ANNOTATIONS = [
  'animeDrawingVirtualHentai',
  'potentialMeme',
  'viral',
  'possibleSelfProduction',
  'physicalHarm',
  'violenceGore',
  'bestiality',
  'liveStreaming',
  'infant',
  'generativeAi',
] as const;
export type FileAnnotation = (typeof FILE_ANNOTATIONS)[number];

const FOR_NATURE: Record<MaterialNature, FileAnnotation> = {
  'computer-generated': 'generativeAi',
  'drawn-or-animated': 'animeDrawingVirtualHentai',
};

/** The flags for a file: its material nature's, then any others given, in schema order, once each. */
export function fileAnnotationsFor(natures: readonly MaterialNature[], others: readonly FileAnnotation[] = []): FileAnnotation[] {
  const set = new Set<FileAnnotation>([...natures.map((n) => FOR_NATURE[n]), ...others]);
  return FILE_ANNOTATIONS.filter((a) => set.has(a));
}

/**
 * The <fileAnnotations> element, or '' when no flag applies. Each flag is an empty element:
 * the schema fixes its value to true, and an absent flag is how "no" is said (never `false`).
 */
export function fileAnnotationsXml(flags: readonly FileAnnotation[]): string {
  if (flags.length === 0) return '';
  return `<fileAnnotations>${flags.map((f) => `<${f}/>`).join('')}</fileAnnotations>`;
}
