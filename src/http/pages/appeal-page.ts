// The appeal pages as HTML: the form (with what was decided), the appeal's status, and the
// page that asks for the code when the link was not followed. No script; every value goes
// through html`` (html.ts), what the person wrote included.
import { html, type Html } from './html.js';
import { page } from './layout.js';
import type { Lang } from './language.js';
import { APPEAL_TEXT, type AppealText } from './appeal-text.js';
import type { AppealView } from '../../services/appeals/appeal-views.js';
import type { AppealableAction } from '../../services/appeals/appealable-action.js';

export const STATEMENT_MAX = 4000;

export interface AppealFormState {
  lang: Lang;
  token: string;
  action: AppealableAction;
  statement: string;
  error?: string | undefined;
  /** Where notice is allowed: the statement of reasons, in this language. */
  reasons?: Html | undefined;
}

export function appealFormPage(s: AppealFormState): string {
  const t = APPEAL_TEXT[s.lang];
  const body = html`<h1>${t.title}</h1>
    <p>${t.intro}</p>
    ${s.error ? errorSummary(t, s.error) : ''}
    <section aria-labelledby="what-title">
      <h2 id="what-title">${t.whatHappened}</h2>
      <p>${t.actionLabel[s.action]}</p>
      ${s.reasons ?? ''}
    </section>
    <form id="appeal-form" method="post" action="/appeal">
      <input type="hidden" name="token" value="${s.token}" />
      <input type="hidden" name="lang" value="${s.lang}" />
      <div class="field${s.error ? ' has-error' : ''}">
        <label for="statement">${t.statement}</label>
        <p class="hint" id="statement-hint">${t.statementHint}</p>
        ${s.error ? html`<p class="error" id="statement-error">${s.error}</p>` : ''}
        <textarea
          id="statement"
          name="statement"
          rows="8"
          maxlength="${STATEMENT_MAX}"
          aria-describedby="${s.error ? 'statement-hint statement-error' : 'statement-hint'}"
          ${s.error ? html`aria-invalid="true"` : ''}
        >
${s.statement}</textarea>
      </div>
      <button type="submit">${t.send}</button>
    </form>
    <p>${t.redress}</p>`;
  return page(frame(s.lang, s.error ? `${s.lang === 'fr' ? 'Erreur : ' : 'Error: '}${t.title}` : t.title, `/appeal?token=${s.token}&`), body);
}

export function appealStatusPage(lang: Lang, token: string, appeal: AppealView, already = false): string {
  const t = APPEAL_TEXT[lang];
  const body = html`<h1>${t.statusTitle}</h1>
    ${already ? html`<p class="status" role="status">${t.already}</p>` : ''}
    <div class="status" ${already ? '' : html`role="status"`}>
      <p id="appeal-state">${t.state[appeal.status]}</p>
      ${appeal.reason !== null && appeal.status !== 'open' ? html`<p><strong>${t.reasonLabel}</strong> ${appeal.reason}</p>` : ''}
      <p>${t.filedOn} ${dateIn(lang, appeal.filedAt)}</p>
      ${appeal.status === 'open' ? html`<p>${t.dueBy} ${dateIn(lang, appeal.dueAt)}</p>` : ''}
    </div>
    <p>${t.keepLink}</p>
    <p>${t.redress}</p>`;
  return page(frame(lang, t.statusTitle, `/appeal?token=${token}&`), body);
}

/** Without a usable code: why (if one was given), and a field to paste it. */
export function appealCodePage(lang: Lang, problem: string | null, notice?: string): string {
  const t = APPEAL_TEXT[lang];
  const body = html`<h1>${t.title}</h1>
    ${problem ? errorSummary(t, problem) : ''} ${notice ? html`<p class="status" role="status">${notice}</p>` : ''}
    <p>${t.noToken}</p>
    <form id="code-form" method="get" action="/appeal">
      <input type="hidden" name="lang" value="${lang}" />
      <div class="field">
        <label for="token">${t.tokenLabel}</label>
        <p class="hint" id="token-hint">${t.tokenHint}</p>
        <input type="text" id="token" name="token" maxlength="200" autocomplete="off" spellcheck="false" aria-describedby="token-hint" />
      </div>
      <button type="submit">${t.open}</button>
    </form>
    <p>${t.redress}</p>`;
  return page(frame(lang, problem ? `${lang === 'fr' ? 'Erreur : ' : 'Error: '}${t.title}` : t.title, '/appeal?'), body);
}

function frame(lang: Lang, title: string, pathWithQuery: string) {
  const t = APPEAL_TEXT[lang];
  return {
    lang,
    title,
    switchHref: `${pathWithQuery}lang=${lang === 'fr' ? 'en' : 'fr'}`,
    switchLabel: t.switchTo,
    skipLabel: t.skip,
    skipTarget: 'main',
    script: false,
  };
}

function errorSummary(t: AppealText, message: string): Html {
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">${t.errorsTitle}</h2>
    <p>${message}</p>
  </div>`;
}

function dateIn(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}
