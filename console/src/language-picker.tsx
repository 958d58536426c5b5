import type { Language, Messages } from './messages';

export function LanguagePicker({ t, lang, setLang }: { t: Messages; lang: Language; setLang(l: Language): void }) {
  return (
    <span className="language">
      <label htmlFor="language-picker">{t.language}</label>{' '}
      <select id="language-picker" value={lang} onChange={(e) => setLang(e.target.value as Language)}>
        <option value="en" lang="en">
          English
        </option>
        <option value="fr" lang="fr">
          Français
        </option>
      </select>
    </span>
  );
}
