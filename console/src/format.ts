import type { Language } from './messages';

const LOCALE: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR' };

export function formatTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short' });
}

/** "3 h 12 min" since `iso`, for the age of a queue's oldest case. */
export function age(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '—';
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  return h < 48 ? `${h} h ${minutes % 60} min` : `${Math.floor(h / 24)} d`;
}
