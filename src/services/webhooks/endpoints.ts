// Webhook endpoints as a platform's admins manage them: what a URL may be (http or https,
// resolving to public addresses only), which event types exist, and what the log keeps of
// each change (never a secret or a query string).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import {
  getEndpoint,
  insertEndpoint,
  listEndpoints as endpointRows,
  lockEndpoint,
  updateEndpointRow,
  type EndpointRow,
  type WebhookEndpoint,
} from '../../store/webhook-endpoints.js';
import type { Actor } from '../../moderation/events.js';
import type { PayloadOf } from '../../moderation/payloads.js';
import { WEBHOOK_EVENT_TYPES, isWebhookEventType, type WebhookEventType } from '../../enforcement/webhooks/message.js';
import { DestinationRefused, checkDestination, type DestinationPolicy } from './destination.js';
import { ServiceError } from '../errors.js';
import { DEFAULT_PLATFORM } from '../../moderation/platform-ids.js';
import { platformMeant, sees, type PlatformAccess } from '../platforms/platform-access.js';
import { requirePlatform } from '../platforms/platforms.js';
import type { Tx } from '../../store/transaction.js';

export { getEndpoint, type WebhookEndpoint };

/** The endpoints of the platforms the caller sees. */
export async function listEndpoints(db: Tx, access: PlatformAccess): Promise<WebhookEndpoint[]> {
  return (await endpointRows(db)).filter((e) => sees(access, e.platform));
}

/** A request this service refuses (bad URL, unknown event type, a cursor not of its list); the HTTP layer answers 422. */
export class WebhookInputError extends ServiceError {
  override readonly name = 'WebhookInputError';
  constructor(message: string) {
    super('unprocessable', message);
  }
}

const MAX_URL = 2048;

/** http(s) only, no credentials in the URL (they would end up in logs); returns it normalised. */
export function checkEndpointUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookInputError('the endpoint URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookInputError('the endpoint URL must be http or https');
  if (url.username || url.password) throw new WebhookInputError('the endpoint URL must not carry credentials: messages are signed instead');
  if (url.hash) throw new WebhookInputError('the endpoint URL must not have a fragment');
  const text = url.toString();
  if (text.length > MAX_URL) throw new WebhookInputError(`the endpoint URL is longer than ${MAX_URL} characters`);
  return text;
}

function checkEventTypes(types: readonly string[] | undefined): WebhookEventType[] {
  if (types === undefined) return [...WEBHOOK_EVENT_TYPES];
  const unique = [...new Set(types)];
  if (unique.length === 0) throw new WebhookInputError('an endpoint needs at least one event type');
  for (const t of unique) if (!isWebhookEventType(t)) throw new WebhookInputError(`"${t}" is not a webhook event type (${WEBHOOK_EVENT_TYPES.join(', ')})`);
  return unique as WebhookEventType[];
}

/** What the log keeps of a URL: its query string may hold a platform's token, and the log is forever. */
function urlForLog(url: string): string {
  const u = new URL(url);
  return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
}

/** A well-formed URL (checkEndpointUrl) whose host resolves to public addresses only (destination.ts). */
export async function checkEndpointDestination(raw: string, destinations: DestinationPolicy): Promise<string> {
  const url = checkEndpointUrl(raw);
  try {
    await checkDestination(new URL(url), destinations);
  } catch (err) {
    if (err instanceof DestinationRefused) throw new WebhookInputError(`the endpoint URL is refused: ${err.message}`);
    throw err;
  }
  return url;
}

/** The secret is in this answer only; the caller shows it once. */
export async function createEndpoint(
  store: Store,
  input: { url: string; eventTypes?: readonly string[] | undefined; platform?: string | undefined; actor: Actor; at: string },
  destinations: DestinationPolicy,
  access: PlatformAccess,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const platform = platformMeant(access, input.platform);
  await requirePlatform(store, platform);
  const url = await checkEndpointDestination(input.url, destinations);
  const eventTypes = checkEventTypes(input.eventTypes);
  const id = `whe_${randomUUID()}`;
  // Stored as is: vigie must sign with it, so unlike an API key it cannot be kept as a hash.
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await store.write(async (w) => {
    await insertEndpoint(w.tx, { id, url, secret, event_types_json: JSON.stringify(eventTypes), active: 1, created_at: input.at, platform_id: platform });
    await w.append([
      {
        type: 'webhook.endpoint_created',
        subject: { kind: 'webhook', id },
        actor: input.actor,
        at: input.at,
        reason: null,
        // The default platform's endpoints are logged as they were before platforms existed.
        payload: { url: urlForLog(url), eventTypes, ...(platform !== DEFAULT_PLATFORM ? { platform } : {}) },
      },
    ]);
  });
  return { endpoint: { id, url, eventTypes, active: true, createdAt: input.at, platform }, secret };
}

export interface EndpointChanges {
  url?: string | undefined;
  active?: boolean | undefined;
  eventTypes?: readonly string[] | undefined;
}

/** undefined if there is no such endpoint; `changed` is false when nothing differed (nothing is logged). */
export async function updateEndpoint(
  store: Store,
  id: string,
  changes: EndpointChanges,
  actor: Actor,
  at: string,
  reason: string | null,
  destinations: DestinationPolicy,
  access: PlatformAccess,
): Promise<{ endpoint: WebhookEndpoint; changed: boolean } | undefined> {
  const url = changes.url === undefined ? undefined : await checkEndpointDestination(changes.url, destinations);
  const eventTypes = changes.eventTypes === undefined ? undefined : checkEventTypes(changes.eventTypes);
  return store.write(async (w) => {
    const before = await lockEndpoint(w.tx, w.dialect, id);
    if (!before || !sees(access, before.platform)) return undefined;
    const diff: PayloadOf<'webhook.endpoint_updated'>['changes'] = {};
    const set: Partial<EndpointRow> = {};
    if (url !== undefined && url !== before.url) {
      set.url = url;
      diff.url = { from: urlForLog(before.url), to: urlForLog(url) };
    }
    if (changes.active !== undefined && changes.active !== before.active) {
      set.active = changes.active ? 1 : 0;
      diff.active = { from: before.active, to: changes.active };
    }
    if (eventTypes !== undefined && !sameSet(eventTypes, before.eventTypes)) {
      set.event_types_json = JSON.stringify(eventTypes);
      diff.eventTypes = { from: before.eventTypes, to: eventTypes };
    }
    if (Object.keys(diff).length === 0) return { endpoint: before, changed: false };
    await updateEndpointRow(w.tx, id, set);
    await w.append([{ type: 'webhook.endpoint_updated', subject: { kind: 'webhook', id }, actor, at, reason, payload: { changes: diff } }]);
    return {
      endpoint: {
        ...before,
        ...(url !== undefined ? { url } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        ...(eventTypes ? { eventTypes } : {}),
      },
      changed: true,
    };
  });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
