// What protects reviewers from the material by default (docs/wellness.md): every image and
// video frame blurred and in greyscale, videos muted, text evidence collapsed, a break
// prompt every 50 minutes. A reviewer may change their own settings within the limits an
// admin sets; the blur never goes below a floor no setting can lower, because an unblurred
// picture reaches a browser only after a reveal (services/media/case-media.ts).

/** No setting or limit goes below this: a preview is always blurred. */
export const BLUR_SIGMA_FLOOR = 4;
export const BLUR_SIGMA_MAX = 80;
export const BREAK_MINUTES_MIN = 10;
export const BREAK_MINUTES_MAX = 240;
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface ReviewerSettings {
  /** Gaussian blur of previews (sigma, in pixels of a 512-pixel preview). */
  blurSigma: number;
  greyscale: boolean;
  autoplayMuted: boolean;
  textCollapsed: boolean;
  breakEveryMinutes: number;
  language: Language;
}

export interface WellnessLimits {
  minBlurSigma: number;
  greyscaleRequired: boolean;
  maxBreakEveryMinutes: number;
}

export const DEFAULT_SETTINGS: ReviewerSettings = {
  blurSigma: 24,
  greyscale: true,
  autoplayMuted: true,
  textCollapsed: true,
  breakEveryMinutes: 50,
  language: 'en',
};

export const DEFAULT_LIMITS: WellnessLimits = {
  minBlurSigma: 8,
  greyscaleRequired: false,
  maxBreakEveryMinutes: 90,
};

/** The stored limits over the defaults (a row from an older version may lack a field). */
export function limitsFrom(stored: Record<string, unknown> | undefined): WellnessLimits {
  const s = stored ?? {};
  return {
    minBlurSigma: num(s.minBlurSigma, BLUR_SIGMA_FLOOR, BLUR_SIGMA_MAX) ?? DEFAULT_LIMITS.minBlurSigma,
    greyscaleRequired: typeof s.greyscaleRequired === 'boolean' ? s.greyscaleRequired : DEFAULT_LIMITS.greyscaleRequired,
    maxBreakEveryMinutes: num(s.maxBreakEveryMinutes, BREAK_MINUTES_MIN, BREAK_MINUTES_MAX) ?? DEFAULT_LIMITS.maxBreakEveryMinutes,
  };
}

/**
 * The settings in force: the stored ones over the defaults, then held within the limits
 * (limits an admin tightened after a reviewer chose apply at once, without a rewrite).
 */
export function effectiveSettings(stored: Record<string, unknown> | undefined, limits: WellnessLimits): ReviewerSettings {
  const s = stored ?? {};
  const chosen: ReviewerSettings = {
    blurSigma: num(s.blurSigma, BLUR_SIGMA_FLOOR, BLUR_SIGMA_MAX) ?? DEFAULT_SETTINGS.blurSigma,
    greyscale: typeof s.greyscale === 'boolean' ? s.greyscale : DEFAULT_SETTINGS.greyscale,
    autoplayMuted: typeof s.autoplayMuted === 'boolean' ? s.autoplayMuted : DEFAULT_SETTINGS.autoplayMuted,
    textCollapsed: typeof s.textCollapsed === 'boolean' ? s.textCollapsed : DEFAULT_SETTINGS.textCollapsed,
    breakEveryMinutes: num(s.breakEveryMinutes, BREAK_MINUTES_MIN, BREAK_MINUTES_MAX) ?? DEFAULT_SETTINGS.breakEveryMinutes,
    language: (LANGUAGES as readonly unknown[]).includes(s.language) ? (s.language as Language) : DEFAULT_SETTINGS.language,
  };
  return {
    ...chosen,
    blurSigma: Math.max(chosen.blurSigma, limits.minBlurSigma),
    greyscale: chosen.greyscale || limits.greyscaleRequired,
    breakEveryMinutes: Math.min(chosen.breakEveryMinutes, limits.maxBreakEveryMinutes),
  };
}

/** Why a requested change is outside the limits, or null when it is within them. */
export function outsideLimits(change: Partial<ReviewerSettings>, limits: WellnessLimits): string | null {
  if (change.blurSigma !== undefined && change.blurSigma < limits.minBlurSigma)
    return `blurSigma ${change.blurSigma} is below the minimum of ${limits.minBlurSigma} your admin set`;
  if (change.greyscale === false && limits.greyscaleRequired) return 'greyscale is required by your admin';
  if (change.breakEveryMinutes !== undefined && change.breakEveryMinutes > limits.maxBreakEveryMinutes)
    return `breakEveryMinutes ${change.breakEveryMinutes} is above the maximum of ${limits.maxBreakEveryMinutes} your admin set`;
  return null;
}

/** Each field whose value differs, from and to. */
export function changesBetween<T extends object>(before: T, after: T): Record<string, { from: T[keyof T]; to: T[keyof T] }> {
  const out: Record<string, { from: T[keyof T]; to: T[keyof T] }> = {};
  for (const k of Object.keys(after) as (keyof T)[]) if (before[k] !== after[k]) out[k as string] = { from: before[k], to: after[k] };
  return out;
}

function num(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
}
