import type { ReviewerSettings } from './types';

/** Until the member's own settings arrive, the most protective ones. */
export const DEFAULT_SETTINGS: ReviewerSettings = {
  blurSigma: 30,
  greyscale: true,
  autoplayMuted: true,
  textCollapsed: true,
  breakEveryMinutes: 50,
  language: null,
};
