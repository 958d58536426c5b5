// The page's language: the one asked for in the address (?lang=, the visible switch), else
// the browser's first preference vigie speaks (Accept-Language, by quality), else English.

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export function isLang(v: unknown): v is Lang {
  return v === 'fr' || v === 'en';
}

export function pickLanguage(asked: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(asked)) return asked;
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .slice(0, 1000)
    .split(',')
    .map((entry, i) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0]!, q: q ? Number(q[1]) : 1, i };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const e of ranked) if (isLang(e.primary)) return e.primary;
  return 'en';
}
