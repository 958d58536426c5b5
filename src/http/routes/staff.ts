// Staff sign-in and the staff-only routes. Installs the access check first, so that every
// route under /v1/staff, /v1/admin and /v1/log must say who may call it (docs/roles.md).
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { staffGuard } from '../auth/staff-guard.js';
import { enforceDeclaredAccess } from '../auth/route-access.js';
import { registerStaffSessionRoutes } from './staff-session.js';
import { registerStaffUserRoutes } from './staff-users.js';
import { registerAdminApiKeyRoutes } from './admin-api-keys.js';
import { registerAdminPlatformRoutes } from './admin-platforms.js';
import { registerAdminWebhookRoutes } from './admin-webhooks.js';
import { registerLogRoutes } from './log.js';
import { registerCaseRoutes } from './cases.js';
import { registerReviewerSettingsRoutes } from './reviewer-settings.js';
import { registerAdminBankRoutes } from './admin-banks.js';
import { registerHoldRoutes } from './holds.js';
import { registerCybertipRoutes } from './cybertip.js';
import { registerReferralRoutes } from './referrals.js';
import { registerAppealReviewRoutes } from './appeals.js';
import { registerStaffStatsRoutes } from './stats.js';

export async function registerStaffRoutes(app: App, ctx: AppContext): Promise<void> {
  const guard = staffGuard(ctx);
  enforceDeclaredAccess(app, guard);
  registerStaffSessionRoutes(app, ctx, guard);
  registerStaffUserRoutes(app, ctx, guard);
  registerAdminApiKeyRoutes(app, ctx, guard);
  registerAdminPlatformRoutes(app, ctx, guard);
  registerAdminWebhookRoutes(app, ctx, guard);
  registerLogRoutes(app, ctx, guard);
  registerCaseRoutes(app, ctx, guard);
  registerReviewerSettingsRoutes(app, ctx, guard);
  registerAdminBankRoutes(app, ctx, guard);
  registerHoldRoutes(app, ctx, guard);
  registerCybertipRoutes(app, ctx, guard);
  registerReferralRoutes(app, ctx, guard);
  registerAppealReviewRoutes(app, ctx, guard);
  registerStaffStatsRoutes(app, ctx, guard);
}
