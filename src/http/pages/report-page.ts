// The public report form, its receipt, and the status page, as HTML. Every value goes
// through html`` (html.ts), the reporter's own words included.
import { html, type Html } from './html.js';
import { page } from './layout.js';
import type { Lang } from './language.js';
import { REPORT_TEXT, type ReportText } from './report-text.js';
import { REPORT_REASONS } from '../../policy/report-reasons.js';
import type { FieldError, FieldName, FormValues } from './report-form.js';
import type { ReportStatus } from '../../services/reports/report-status.js';

export const EMPTY_VALUES: FormValues = { account: '', posts: '', reason: '', description: '', contact: '' };

export interface FormState {
  lang: Lang;
  token: string;
  bits: number;
  waitSeconds: number;
  values: FormValues;
  errors: readonly FieldError[];
  /** A refusal of the whole form (limits, an expired form), shown above the fields. */
  notice?: string | undefined;
}

const FIELD_ORDER: readonly FieldName[] = ['account', 'posts', 'reason', 'description', 'contact'];

export function reportFormPage(s: FormState): string {
  const t = REPORT_TEXT[s.lang];
  const errors = [...s.errors].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  const errorOf = (f: FieldName) => errors.find((e) => e.field === f);
  const hasProblem = errors.length > 0 || s.notice !== undefined;
  const body = html` <h1>${t.title}</h1>
    <p>${t.intro}</p>
    <p class="urgent">${t.urgent}</p>
    ${hasProblem ? errorSummary(t, errors, s.notice) : ''}
    <form id="report-form" method="post" action="/report" data-bits="${s.bits}" data-working="${t.working}">
      <input type="hidden" name="token" value="${s.token}" />
      <input type="hidden" name="solution" value="" />
      <input type="hidden" name="lang" value="${s.lang}" />
      ${textField('account', t.account, t.accountHint, html`<input type="text" id="account" name="account" maxlength="300" autocomplete="off" spellcheck="false" value="${s.values.account}" ${invalid(errorOf('account'), 'account')} />`, errorOf('account'))}
      ${textField('posts', t.posts, t.postsHint, html`<textarea id="posts" name="posts" rows="4" spellcheck="false" ${invalid(errorOf('posts'), 'posts')}>${s.values.posts}</textarea>`, errorOf('posts'))}
      ${reasons(t, s.lang, s.values.reason, errorOf('reason'))}
      ${textField('description', html`${t.description} <span class="optional">${t.optional}</span>`, t.descriptionHint, html`<textarea id="description" name="description" rows="5" maxlength="4000" ${invalid(errorOf('description'), 'description')}>${s.values.description}</textarea>`, errorOf('description'))}
      ${textField('contact', html`${t.contact} <span class="optional">${t.optional}</span>`, t.contactHint, html`<input type="email" id="contact" name="contact" maxlength="254" autocomplete="email" value="${s.values.contact}" ${invalid(errorOf('contact'), 'contact')} />`, errorOf('contact'))}
      <noscript><p class="hint">${t.noScript(s.waitSeconds)}</p></noscript>
      <p id="work-status" class="hint" role="status" aria-live="polite"></p>
      <button type="submit">${t.send}</button>
    </form>
    <p><a href="/report/status?lang=${s.lang}">${t.statusLink}</a></p>
    ${elsewhere(t)}`;
  return page(frame(s.lang, hasProblem ? `${s.lang === 'fr' ? 'Erreur : ' : 'Error: '}${t.title}` : t.title, '/report', 'main', true), body);
}

export function receiptPage(lang: Lang, receipt: string, unresolved: boolean): string {
  const t = REPORT_TEXT[lang];
  const body = html` <h1 id="receipt-title">${t.receiptTitle}</h1>
    <p>${t.receiptIntro}</p>
    <p class="receipt" id="receipt">${receipt}</p>
    <p>${t.receiptKeep}</p>
    ${unresolved ? html`<p>${t.receiptUnresolved}</p>` : ''}
    <p><a href="/report/status?lang=${lang}">${t.statusLink}</a></p>
    <p><a href="/report?lang=${lang}">${t.anotherReport}</a></p>
    ${elsewhere(t)}`;
  return page(frame(lang, t.receiptTitle, '/report', 'main', false), body);
}

export function statusPage(lang: Lang, receipt: string, found: ReportStatus | null | undefined): string {
  const t = REPORT_TEXT[lang];
  const unknown = found === null;
  const body = html` <h1>${t.statusTitle}</h1>
    ${
      found
        ? html`<div class="status" role="status">
            <p>${stateText(t, found)}</p>
            <p>${t.statusReceived} ${dateIn(lang, found.receivedAt)}</p>
          </div>`
        : ''
    }
    <form id="status-form" method="get" action="/report/status">
      <input type="hidden" name="lang" value="${lang}" />
      ${textField('receipt', t.statusLabel, t.statusHint, html`<input type="text" id="receipt" name="receipt" maxlength="64" autocomplete="off" spellcheck="false" value="${receipt}" ${unknown ? html` aria-invalid="true" aria-describedby="receipt-hint receipt-error"` : html` aria-describedby="receipt-hint"`} />`, unknown ? { message: t.statusUnknown } : undefined)}
      <button type="submit">${t.statusCheck}</button>
    </form>
    <p><a href="/report?lang=${lang}">${t.anotherReport}</a></p>`;
  return page(frame(lang, t.statusTitle, '/report/status', 'main', false), body);
}

function frame(lang: Lang, title: string, path: string, skipTarget: string, script: boolean) {
  const t = REPORT_TEXT[lang];
  return { lang, title, switchHref: `${path}?lang=${lang === 'fr' ? 'en' : 'fr'}`, switchLabel: t.switchTo, skipLabel: t.skip, skipTarget, script };
}

function errorSummary(t: ReportText, errors: readonly FieldError[], notice: string | undefined): Html {
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">${t.errorsTitle}</h2>
    ${notice !== undefined ? html`<p>${notice}</p>` : ''}
    ${
      errors.length > 0
        ? html`<ul>
            ${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

function invalid(error: FieldError | undefined, field: string): Html {
  return error ? html` aria-invalid="true" aria-describedby="${field}-hint ${field}-error"` : html` aria-describedby="${field}-hint"`;
}

function textField(id: string, label: string | Html, hint: string, control: Html, error: { message: string } | undefined): Html {
  return html`<div class="field${error ? ' has-error' : ''}">
    <label for="${id}">${label}</label>
    <p class="hint" id="${id}-hint">${hint}</p>
    ${error ? html`<p class="error" id="${id}-error">${error.message}</p>` : ''} ${control}
  </div>`;
}

function reasons(t: ReportText, lang: Lang, chosen: string, error: FieldError | undefined): Html {
  return html`<fieldset class="field${error ? ' has-error' : ''}" ${error ? html` aria-describedby="reason-error"` : ''}>
    <legend>${t.reason}</legend>
    ${error ? html`<p class="error" id="reason-error">${error.message}</p>` : ''}
    ${REPORT_REASONS.map(
      (r, i) =>
        html`<div class="choice">
          <input type="radio" name="reason" id="${i === 0 ? 'reason' : `reason-${r.id}`}" value="${r.id}" ${chosen === r.id ? html` checked` : ''} />
          <label for="${i === 0 ? 'reason' : `reason-${r.id}`}">${r.label[lang]}</label>
        </div>`,
    )}
  </fieldset>`;
}

function elsewhere(t: ReportText): Html {
  const e = t.elsewhere;
  return html`<section class="elsewhere" aria-labelledby="elsewhere-title">
    <h2 id="elsewhere-title">${t.elsewhereTitle}</h2>
    <p>
      ${e.before}<a href="https://report.cybertip.org/">${e.cybertip}</a>${e.middle}<a href="https://www.inhope.org/EN/our-members">${e.inhope}</a>
      (inhope.org)${e.after}
    </p>
    <p>${e.france}</p>
  </section>`;
}

function stateText(t: ReportText, s: ReportStatus): string {
  if (s.status === 'done') return s.actionTaken ? t.state.doneAction : t.state.doneNoAction;
  return t.state[s.status];
}

function dateIn(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}
