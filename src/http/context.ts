// What every route handler may use: the api role's services, built once by the composition
// root (src/main/compose.ts). Routes take it as a parameter instead of importing
// singletons, so tests build their own.
import type { ApiServices } from '../services/services.js';

export type AppContext = ApiServices;

export function isoNow(ctx: Pick<AppContext, 'now'>): string {
  return ctx.now().toISOString();
}
