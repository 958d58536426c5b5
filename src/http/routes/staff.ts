// Staff sign-in and staff-only routes (being built: see docs/roles.md when it lands).
import type { App } from '../app.js';
import type { AppContext } from '../context.js';

export async function registerStaffRoutes(_app: App, _ctx: AppContext): Promise<void> {}
