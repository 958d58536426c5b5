// What kind of picture a depiction is, when someone can tell: computer-generated (generative
// AI) or drawn or animated. The policy treats both as violations alike
// (content.illustrated-depiction), but a CyberTipline report says which it is
// (fileAnnotations generativeAi and animeDrawingVirtualHentai), so a classifier or a
// reviewer that can tell records it on the signal or the decision.

export const MATERIAL_NATURES = ['computer-generated', 'drawn-or-animated'] as const;
export type MaterialNature = (typeof MATERIAL_NATURES)[number];

export function isMaterialNature(value: unknown): value is MaterialNature {
  return typeof value === 'string' && (MATERIAL_NATURES as readonly string[]).includes(value);
}

/** The natures a value names (one, or a list), in the order of MATERIAL_NATURES, without repeats. */
export function materialNatures(value: unknown): MaterialNature[] {
  const given = Array.isArray(value) ? value : [value];
  return MATERIAL_NATURES.filter((n) => given.includes(n));
}
