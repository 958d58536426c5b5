// Administration: staff and roles, API keys, banks, webhook endpoints and dead letters.
import { useConsole } from '../context';
import { Tabs } from '../tabs';
import { StaffUsers } from './staff-users';
import { ApiKeys } from './api-keys';
import { Banks } from './banks';
import { Webhooks } from './webhooks';
import { WellnessLimits } from './wellness-limits';

type Section = 'staff' | 'api-keys' | 'banks' | 'webhooks' | 'wellness';

export function AdminPage({ section }: { section: Section }) {
  const { t, may } = useConsole();
  const tabs: [Section, string, boolean][] = [
    ['staff', t.staffUsers, may('staff:manage')],
    ['api-keys', t.apiKeys, may('apikeys:manage')],
    ['banks', t.banks, may('banks:manage')],
    ['webhooks', t.webhooks, may('webhooks:manage')],
    ['wellness', t.wellnessLimits, may('staff:manage')],
  ];
  const allowed = tabs.find(([s]) => s === section)?.[2] ?? false;
  return (
    <>
      <h1>{t.adminTitle}</h1>
      <Tabs label={t.adminTitle} current={section} tabs={tabs} route={(s) => ({ page: 'admin', section: s })} />
      {!allowed && <p>{t.notAllowed}</p>}
      {allowed && section === 'staff' && <StaffUsers />}
      {allowed && section === 'api-keys' && <ApiKeys />}
      {allowed && section === 'banks' && <Banks />}
      {allowed && section === 'webhooks' && <Webhooks />}
      {allowed && section === 'wellness' && <WellnessLimits />}
    </>
  );
}
