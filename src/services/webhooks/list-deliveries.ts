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

export { DELIVERY_STATUSES };

export async function listDeliveries(store: Pick<Store, 'db'>, query: DeliveryQuery = {}): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
  try {
    return await deliveryPage(store.db, query);
  } catch (err) {
    if (err instanceof DeliveryQueryError) throw new WebhookInputError(err.message);
    throw err;
  }
}
