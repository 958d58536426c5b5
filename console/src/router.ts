// The console's pages live after the '#', so the server serves one document for all of
// them and a reload keeps the page.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'queues' }
  | { page: 'mine' }
  | { page: 'case'; id: string }
  | { page: 'exceptions' }
  | { page: 'appeals' }
  | { page: 'appeal'; id: string }
  | { page: 'stats' }
  | { page: 'settings' }
  | { page: 'admin'; section: 'staff' | 'api-keys' | 'banks' | 'webhooks' | 'wellness' }
  | { page: 'legal'; section: 'drafts' | 'reports' | 'holds' | 'referrals' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  switch (parts[0]) {
    case 'cases':
      if (parts[1]) return { page: 'case', id: parts[1] };
      return { page: 'queues' };
    case 'mine':
      return { page: 'mine' };
    case 'exceptions':
      return { page: 'exceptions' };
    case 'appeals':
      return parts[1] ? { page: 'appeal', id: parts[1] } : { page: 'appeals' };
    case 'stats':
      return { page: 'stats' };
    case 'settings':
      return { page: 'settings' };
    case 'admin': {
      const s = parts[1];
      return { page: 'admin', section: s === 'api-keys' || s === 'banks' || s === 'webhooks' || s === 'wellness' ? s : 'staff' };
    }
    case 'legal': {
      const s = parts[1];
      return { page: 'legal', section: s === 'reports' || s === 'holds' || s === 'referrals' ? s : 'drafts' };
    }
    default:
      return { page: 'queues' };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'case':
      return `#/cases/${encodeURIComponent(route.id)}`;
    case 'appeal':
      return `#/appeals/${encodeURIComponent(route.id)}`;
    case 'admin':
    case 'legal':
      return `#/${route.page}/${route.section}`;
    default:
      return `#/${route.page}`;
  }
}

export function go(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
