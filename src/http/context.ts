// What every route handler may use: the process's services, built once by the composition
// root (src/main/compose.ts). Routes take it as a parameter instead of importing
// singletons, so tests build their own.
import type { Services } from '../services/services.js';

export type AppContext = Services;

export function isoNow(ctx: Pick<AppContext, 'now'>): string {
  return ctx.now().toISOString();
}
