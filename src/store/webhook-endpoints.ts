// Platform webhook endpoints in the database. What a URL may be and what is logged of a
// change is decided in services/webhooks; this file reads and writes rows.
import type { Selectable } from 'kysely';
import type { Tx } from './transaction.js';
import type { InTx } from './unit-of-work.js';
import type { WebhookEndpointTable } from './database.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
  /** The platform whose actions the endpoint receives. */
  platform: string;
}

export type EndpointRow = Selectable<WebhookEndpointTable>;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types_json) as string[],
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    platform: row.platform_id,
  };
}

export async function listEndpoints(db: Tx): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toEndpoint);
}

export async function getEndpoint(db: Tx, id: string): Promise<WebhookEndpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEndpoint(row);
}

/** A platform's active endpoints, oldest first: those its new actions are delivered to. */
export async function activeEndpoints(tx: Tx, platform: string): Promise<WebhookEndpoint[]> {
  return (
    await tx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('platform_id', '=', platform)
      .where('active', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map(toEndpoint);
}

export async function insertEndpoint(tx: InTx, row: Selectable<WebhookEndpointTable>): Promise<void> {
  await tx.insertInto('webhook_endpoints').values(row).execute();
}

/** The endpoint, locked until the caller's transaction ends (PostgreSQL; SQLite has one writer). */
export async function lockEndpoint(tx: InTx, dialect: 'sqlite' | 'postgres', id: string): Promise<WebhookEndpoint | undefined> {
  let q = tx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toEndpoint(row);
}

export async function updateEndpointRow(tx: InTx, id: string, set: Partial<EndpointRow>): Promise<void> {
  await tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
}
