// Reading the public report form (application/x-www-form-urlencoded) into checked values,
// field by field, so that a refusal can say which field is wrong. Every field has a cap;
// characters that have no business in a report (control characters, and in names and
// links the invisible marks that reverse text) are refused rather than silently dropped.
import { REPORT_REASON_IDS, type ReportReasonId } from '../../policy/report-reasons.js';
import type { PublicReportForm } from '../../services/reports/public-report.js';
import type { ReportText } from './report-text.js';

export const FORM_BODY_LIMIT = 32 * 1024;
export const MAX_POSTS = 20;
const MAX_LINK = 2000;
const MAX_ACCOUNT = 300;
export const MAX_DESCRIPTION = 4000;
const MAX_CONTACT = 254;

export type FieldName = 'account' | 'posts' | 'reason' | 'description' | 'contact';

export interface FieldError {
  field: FieldName;
  message: string;
}

/** What the reporter typed, as typed (for showing the form again), minus unreadable characters. */
export interface FormValues {
  account: string;
  posts: string;
  reason: string;
  description: string;
  contact: string;
}

export interface ReadForm {
  values: FormValues;
  token: string;
  solution: string | undefined;
  lang: string | undefined;
  errors: FieldError[];
  /** Present when there are no errors. */
  form: PublicReportForm | undefined;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const HANDLE = /^@?[\p{L}\p{N}._-]{1,100}(?:@[A-Za-z0-9.-]{1,190})?$/u;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

/**
 * The body's fields, first value of each name; null when the body is not valid
 * percent-encoded UTF-8 (browsers never send raw bytes beyond ASCII in such a body).
 */
export function parseFormBody(body: string): Map<string, string> | null {
  if (/[^\x20-\x7E]/.test(body)) return null;
  const fields = new Map<string, string>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return null;
    }
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

export function readReportForm(fields: Map<string, string>, t: ReportText): ReadForm {
  const get = (name: string) => (fields.get(name) ?? '').replace(/\r\n?/g, '\n');
  const raw = {
    account: get('account').trim(),
    posts: get('posts'),
    reason: get('reason'),
    description: get('description').trim(),
    contact: get('contact').trim(),
  };
  const errors: FieldError[] = [];
  const fail = (field: FieldName, message: string) => errors.push({ field, message });

  if (raw.account.length > MAX_ACCOUNT || CONTROL_OR_BIDI.test(raw.account))
    fail('account', raw.account.length > MAX_ACCOUNT ? t.field.accountInvalid : t.field.control);
  else if (raw.account !== '' && !(isLink(raw.account) || HANDLE.test(raw.account))) fail('account', t.field.accountInvalid);

  const lines = raw.posts
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (raw.posts.length > MAX_POSTS * (MAX_LINK + 2)) fail('posts', t.field.postsTooMany(MAX_POSTS));
  else if (CONTROL_OR_BIDI.test(raw.posts.replace(/\n/g, ''))) fail('posts', t.field.control);
  else if (lines.length > MAX_POSTS) fail('posts', t.field.postsTooMany(MAX_POSTS));
  else if (!lines.every(isLink)) fail('posts', t.field.postsInvalid);
  if (raw.account === '' && lines.length === 0 && !errors.some((e) => e.field === 'account' || e.field === 'posts')) fail('account', t.field.accountOrPosts);

  const reason = (REPORT_REASON_IDS as readonly string[]).includes(raw.reason) ? (raw.reason as ReportReasonId) : null;
  if (!reason) fail('reason', t.field.reasonMissing);

  if (CONTROL.test(raw.description.replace(/[\n\t]/g, ''))) fail('description', t.field.control);
  else if ([...raw.description].length > MAX_DESCRIPTION) fail('description', t.field.descriptionTooLong(MAX_DESCRIPTION));

  if (raw.contact !== '' && (raw.contact.length > MAX_CONTACT || !EMAIL.test(raw.contact)))
    fail('contact', CONTROL.test(raw.contact) ? t.field.control : t.field.contactInvalid);

  const token = fields.get('token') ?? '';
  const solution = fields.get('solution');
  const values: FormValues = {
    account: clip(raw.account, MAX_ACCOUNT),
    posts: clip(raw.posts, MAX_POSTS * (MAX_LINK + 2)),
    reason: reason ?? '',
    description: clip(raw.description, MAX_DESCRIPTION),
    contact: clip(raw.contact, MAX_CONTACT),
  };
  return {
    values,
    token: token.length <= 200 ? token : '',
    solution: solution === undefined || solution.length > 20 ? undefined : solution,
    lang: fields.get('lang'),
    errors,
    form:
      errors.length === 0 && reason
        ? {
            account: raw.account || undefined,
            posts: [...new Set(lines)],
            reason,
            description: raw.description || undefined,
            contact: raw.contact || undefined,
          }
        : undefined,
  };
}

function isLink(s: string): boolean {
  if (s.length > MAX_LINK || /\s/.test(s) || !/^https?:\/\//i.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '' && u.hostname !== '';
  } catch {
    return false;
  }
}

/** For showing back: within the cap, and without characters that cannot be shown (CONTROL_ALL spares tabs and newlines). */
function clip(s: string, max: number): string {
  return [...s.replace(CONTROL_ALL, '')].slice(0, max).join('');
}
