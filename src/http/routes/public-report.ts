// The public report page: GET /report serves the form with a signed challenge, POST /report
// takes it back (services/reports/public-report.ts checks the challenge, the limits and
// files the report), GET /report/status tells a receipt holder how the report stands. HTML
// for people, working without JavaScript; refusals show the form again with what to fix.
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { App } from '../app.js';
import type { AppContext } from '../context.js';
import { ServiceError } from '../../services/errors.js';
import { issueReportChallenge, submitPublicReport, SPENT_TOKEN, type PublicReportRefusal } from '../../services/reports/public-report.js';
import { reportStatus } from '../../services/reports/report-status.js';
import { pickLanguage, type Lang } from '../pages/language.js';
import { PAGE_HEADERS } from '../pages/layout.js';
import { FORM_BODY_LIMIT, parseFormBody, readReportForm, type FieldError, type FormValues } from '../pages/report-form.js';
import { EMPTY_VALUES, receiptPage, reportFormPage, statusPage } from '../pages/report-page.js';
import { REPORT_TEXT } from '../pages/report-text.js';
import { REPORT_CSS, REPORT_JS } from '../pages/report-assets.js';

const PageQuery = z.object({ lang: z.string().max(16).optional() });
const StatusQuery = z.object({ lang: z.string().max(16).optional(), receipt: z.string().max(200).optional() });

export async function registerPublicReportRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Only this form's body is read as a form, and never more than the form can hold.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );

    const c = ctx.config.publicReport;
    const showForm = async (
      reply: FastifyReply,
      status: number,
      lang: Lang,
      token: string | null,
      values: FormValues = EMPTY_VALUES,
      errors: FieldError[] = [],
      notice?: string,
    ) =>
      reply
        .code(status)
        .headers(PAGE_HEADERS)
        .send(
          reportFormPage({
            lang,
            token: token ?? (await issueReportChallenge(ctx)),
            bits: c.powBits,
            waitSeconds: c.noScriptWaitSeconds,
            values,
            errors,
            notice,
          }),
        );

    scope.get('/report', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) =>
      showForm(reply, 200, pickLanguage(request.query.lang, request.headers['accept-language']), null),
    );

    scope.post('/report', { schema: { hide: true, querystring: PageQuery }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      const fields = typeof request.body === 'string' ? parseFormBody(request.body) : null;
      const asked = fields?.get('lang') ?? request.query.lang;
      const lang = pickLanguage(asked, request.headers['accept-language']);
      const t = REPORT_TEXT[lang];
      if (!fields) return showForm(reply, 400, lang, null, EMPTY_VALUES, [], t.field.control);

      const read = readReportForm(fields, t);
      const token = read.token === '' ? null : read.token;
      if (!read.form) return showForm(reply, 400, lang, token, read.values, read.errors);

      try {
        const outcome = await submitPublicReport(ctx, { token: read.token, solution: read.solution, address: request.ip }, read.form);
        if (outcome.ok)
          return reply
            .code(201)
            .headers(PAGE_HEADERS)
            .send(
              receiptPage(
                lang,
                outcome.filed.receipt,
                outcome.filed.unresolved.some((l) => /^https?:/i.test(l)),
              ),
            );
        const r = outcome.refusal;
        const keep = SPENT_TOKEN.has(r) || r === 'wrong-solution' ? null : token;
        if (r === 'nothing-named') return showForm(reply, 400, lang, keep, read.values, [{ field: 'account', message: t.field.nothingNamed }]);
        if (r === 'address-limit' || r === 'global-limit') {
          void reply.header('retry-after', r === 'address-limit' ? 3600 : 60);
          return showForm(reply, 429, lang, keep, read.values, [], r === 'address-limit' ? t.refusal.addressLimit : t.refusal.globalLimit);
        }
        return showForm(reply, 400, lang, keep, read.values, [], refusalText(r, lang, c.noScriptWaitSeconds));
      } catch (err) {
        // The service's own refusal of the report (nothing on the platform named): the form again.
        if (err instanceof ServiceError && err.kind === 'invalid') {
          return showForm(reply, 400, lang, null, read.values, [{ field: 'account', message: t.field.nothingNamed }]);
        }
        throw err;
      }
    });

    scope.get('/report/status', { schema: { hide: true, querystring: StatusQuery } }, async (request, reply) => {
      const lang = pickLanguage(request.query.lang, request.headers['accept-language']);
      const receipt = (request.query.receipt ?? '').trim();
      const found = receipt === '' ? undefined : await reportStatus(ctx.store, receipt);
      return reply
        .code(found === null ? 404 : 200)
        .headers(PAGE_HEADERS)
        .send(statusPage(lang, receipt, found));
    });

    const asset = (body: string, type: string) => async (_request: unknown, reply: FastifyReply) =>
      reply.header('content-type', type).header('cache-control', 'public, max-age=3600').send(body);
    scope.get('/report/assets/report.css', { schema: { hide: true } }, asset(REPORT_CSS, 'text/css; charset=utf-8'));
    scope.get('/report/assets/report.js', { schema: { hide: true } }, asset(REPORT_JS, 'text/javascript; charset=utf-8'));
  });
}

function refusalText(r: Exclude<PublicReportRefusal, 'nothing-named' | 'address-limit' | 'global-limit'>, lang: Lang, wait: number): string {
  const t = REPORT_TEXT[lang];
  return r === 'too-early' ? t.refusal.tooEarly(wait) : t.refusal.expired;
}
