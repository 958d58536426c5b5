// The staff console (console/, built by Vite into dist/console by `npm run build`), served by
// vigie itself so that nothing comes from a third-party host. The page is a shell with no
// data: everything it shows comes from the guarded API with the member's session. Assets
// have content-hashed names, so they are cached for a year; the page itself is revalidated
// so a new release is picked up at once. The policy allows no inline script or style.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from '../app.js';
import { Problem } from '../problem.js';

// From src/http/routes (tsx) and from dist/http/routes (compiled) alike: <root>/dist/console.
const BUILT = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const PAGE_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'content-type': 'text/html; charset=utf-8',
};

export async function registerConsoleRoutes(app: App, dir: string = BUILT): Promise<void> {
  const indexPath = `${dir}/index.html`;
  // Read once: the page changes only with a new build, which comes with a restart.
  const page = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;

  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 301));
  app.get('/console/', { schema: { hide: true } }, async (_request, reply) => {
    if (page === null) throw new Problem(503, 'Service Unavailable', 'the console is not built: run `npm run build`');
    return reply.headers(PAGE_HEADERS).send(page);
  });

  if (!existsSync(`${dir}/assets`)) return;
  await app.register(fastifyStatic, {
    root: `${dir}/assets`,
    prefix: '/console/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    // Hashed names: a file never changes under its name.
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cross-origin-resource-policy', 'same-origin');
    },
  });
}
