// The webhook deliveries for an admin, newest first, a page at a time; status 'dead' is the
// dead-letter list. A cursor that is not one of this list's is the caller's input error.
import type { Store } from '../../store/store.js';
import {
  DELIVERY_STATUSES,
  DeliveryQueryError,
  listDeliveries as deliveryPage,
  type DeliveryQuery,
  type DeliveryView,
} from '../../store/webhook-deliveries.js';
import { WebhookInputError } from './endpoints.js';
import { getEndpoint } from '../../store/webhook-endpoints.js';
import { forbidden } from '../errors.js';
import { sees, type PlatformAccess } from '../platforms/platform-access.js';

export { DELIVERY_STATUSES };

/** A member limited to some platforms names one of their endpoints; the others see every delivery. */
export async function listDeliveries(
  store: Pick<Store, 'db'>,
  access: PlatformAccess,
  query: DeliveryQuery = {},
): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  if (access !== null) {
    const endpoint = query.endpointId === undefined ? undefined : await getEndpoint(store.db, query.endpointId);
    if (!endpoint || !sees(access, endpoint.platform))
      throw forbidden('a staff member limited to some platforms lists the deliveries of one of their endpoints: name it');
  }
  try {
    return await deliveryPage(store.db, query);
  } catch (err) {
    if (err instanceof DeliveryQueryError) throw new WebhookInputError(err.message);
    throw err;
  }
}
