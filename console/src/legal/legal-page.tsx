// The legal role's pages: CyberTipline drafts to approve, reports filed with NCMEC's ids,
// preservation holds and their expiry, and INHOPE referrals to record as sent.
import { useConsole } from '../context';
import { Tabs } from '../tabs';
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
      <Tabs label={t.legalTitle} current={section} tabs={tabs} route={(s) => ({ page: 'legal', section: s })} />
      {!allowed && <p>{t.notAllowed}</p>}
      {allowed && section === 'drafts' && <CybertipList drafts />}
      {allowed && section === 'reports' && <CybertipList drafts={false} />}
      {allowed && section === 'holds' && <HoldList />}
      {allowed && section === 'referrals' && <ReferralList />}
    </>
  );
}
