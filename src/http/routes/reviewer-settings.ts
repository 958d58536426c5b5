// Reviewer wellness (docs/wellness.md): each staff member's own settings, and the limits an
// admin sets on everyone's. A change outside the limits is refused with the limit it breaks.
import { z } from 'zod';
import type { App } from '../app.js';
import { isoNow, type AppContext } from '../context.js';
import { staffActor, type StaffGuard } from '../auth/staff-guard.js';
import { changeReviewerSettings, changeWellnessLimits, reviewerSettings, wellnessLimits } from '../../services/reviewers/reviewer-settings.js';
import { BLUR_SIGMA_FLOOR, BLUR_SIGMA_MAX, BREAK_MINUTES_MAX, BREAK_MINUTES_MIN, LANGUAGES } from '../../services/reviewers/wellness.js';

const Limits = z.object({ minBlurSigma: z.number(), greyscaleRequired: z.boolean(), maxBreakEveryMinutes: z.number() });
const Settings = z.object({
  blurSigma: z.number(),
  greyscale: z.boolean(),
  autoplayMuted: z.boolean(),
  textCollapsed: z.boolean(),
  breakEveryMinutes: z.number(),
  language: z.enum(LANGUAGES),
  limits: Limits,
});
const Sigma = z.number().min(BLUR_SIGMA_FLOOR).max(BLUR_SIGMA_MAX);
const BreakMinutes = z.number().int().min(BREAK_MINUTES_MIN).max(BREAK_MINUTES_MAX);

export function registerReviewerSettingsRoutes(app: App, ctx: AppContext, guard: StaffGuard): void {
  const security = [{ staffSession: [] }];
  const signedIn = { config: { access: 'signed-in' as const }, onRequest: guard.requirePermission('signed-in') };
  const manage = { config: { access: 'staff:manage' as const }, onRequest: guard.requirePermission('staff:manage') };

  app.get(
    '/v1/staff/me/settings',
    { schema: { summary: 'Your wellness settings, within the limits your admin set', tags: ['staff'], security, response: { 200: Settings } }, ...signedIn },
    async (request) => reviewerSettings(ctx.store.db, staffActor(request).id!),
  );

  app.put(
    '/v1/staff/me/settings',
    {
      schema: {
        summary: 'Change your wellness settings (fields left out stay as they are); a value outside your admin’s limits is refused',
        tags: ['staff'],
        security,
        body: z.strictObject({
          blurSigma: Sigma.optional(),
          greyscale: z.boolean().optional(),
          autoplayMuted: z.boolean().optional(),
          textCollapsed: z.boolean().optional(),
          breakEveryMinutes: BreakMinutes.optional(),
          language: z.enum(LANGUAGES).optional(),
        }),
        response: { 200: Settings },
      },
      ...signedIn,
    },
    async (request) => changeReviewerSettings(ctx.store, staffActor(request).id!, request.body, isoNow(ctx)),
  );

  app.get(
    '/v1/admin/wellness-limits',
    { schema: { summary: 'The limits on every reviewer’s wellness settings', tags: ['admin'], security, response: { 200: Limits } }, ...manage },
    async () => wellnessLimits(ctx.store.db),
  );

  app.put(
    '/v1/admin/wellness-limits',
    {
      schema: {
        summary: 'Change the limits on reviewers’ wellness settings (they apply at once to everyone’s)',
        tags: ['admin'],
        security,
        body: z.strictObject({ minBlurSigma: Sigma.optional(), greyscaleRequired: z.boolean().optional(), maxBreakEveryMinutes: BreakMinutes.optional() }),
        response: { 200: Limits },
      },
      ...manage,
    },
    async (request) => changeWellnessLimits(ctx.store, staffActor(request), request.body, isoNow(ctx)),
  );
}
