// A page's sections as links, the current one marked, those the member's role allows only.
import { href, type Route } from './router';

export function Tabs<S extends string>({ label, current, tabs, route }: { label: string; current: S; tabs: [S, string, boolean][]; route(s: S): Route }) {
  return (
    <nav aria-label={label} className="tabs">
      <ul>
        {tabs
          .filter(([, , ok]) => ok)
          .map(([s, text]) => (
            <li key={s}>
              <a href={href(route(s))} aria-current={s === current ? 'page' : undefined}>
                {text}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}
