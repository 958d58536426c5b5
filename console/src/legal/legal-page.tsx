// The legal role's pages: CyberTipline drafts to approve, reports filed with NCMEC's ids,
// preservation holds and their expiry, and INHOPE referrals to record as sent.
import { useConsole } from '../context';
import { href } from '../router';
import { CybertipList } from './cybertip-list';
import { HoldList } from './hold-list';
import { ReferralList } from './referral-list';

export type LegalSection = 'drafts' | 'reports' | 'holds' | 'referrals';

export function LegalPage({ section }: { section: LegalSection }) {
  const { t, may } = useConsole();
  const tabs: [LegalSection, string, boolean][] = [
    ['drafts', t.drafts, may('cybertip:file')],
    ['reports', t.filedReports, may('cybertip:file')],
    ['holds', t.holds, may('hold:manage')],
    ['referrals', t.referrals, may('cybertip:file')],
  ];
  const allowed = tabs.find(([s]) => s === section)?.[2] ?? false;
  return (
    <>
      <h1>{t.legalTitle}</h1>
      <nav aria-label={t.legalTitle} className="tabs">
        <ul>
          {tabs
            .filter(([, , ok]) => ok)
            .map(([s, label]) => (
              <li key={s}>
                <a href={href({ page: 'legal', section: s })} aria-current={s === section ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      {!allowed && <p>{t.notAllowed}</p>}
      {allowed && section === 'drafts' && <CybertipList drafts />}
      {allowed && section === 'reports' && <CybertipList drafts={false} />}
      {allowed && section === 'holds' && <HoldList />}
      {allowed && section === 'referrals' && <ReferralList />}
    </>
  );
}
