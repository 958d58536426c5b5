// Where a webhook may go: a public address, checked after DNS resolution, when an endpoint
// is registered or changed and again at every attempt, and the attempt connects to the very
// address that was checked, so that a DNS answer that changes between the check and the
// connection (rebinding) cannot send a signed action to a loopback, private or link-local
// service (a cloud metadata endpoint at 169.254.169.254, an admin port on localhost).
// The classification is the shortener expander's (src/detect/links/address.ts); so is the
// resolver. `allowPrivate` (VIGIE_WEBHOOKS_ALLOW_PRIVATE) lifts the check for development.
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress } from '../../detect/links/address.js';
import { systemResolver, type Resolver } from '../detection/short-links.js';

export interface DestinationPolicy {
  /** Development only: any address, loopback and private ones included. */
  allowPrivate: boolean;
  /** Host name to addresses; the system's resolver unless a test or an operator injects one. */
  resolver?: Resolver;
}

/** Public addresses only, resolved by the system. */
export const PUBLIC_ONLY: DestinationPolicy = { allowPrivate: false };

export class DestinationRefused extends Error {
  override readonly name = 'DestinationRefused';
}

export interface Destination {
  /** The address to connect to: checked, whatever DNS says later. */
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it resolves to (one non-public answer
 * refuses the host: a name with both a public and an internal address is an attack, not an
 * accident). Throws DestinationRefused with what an admin needs to know. With
 * `allowPrivate`, nothing is checked or pinned (null): the system resolves at connection.
 */
export async function checkDestination(url: URL, policy: DestinationPolicy): Promise<Destination | null> {
  if (policy.allowPrivate) return null;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: readonly string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.resolver ?? systemResolver)(host);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new DestinationRefused(`cannot resolve ${host}: ${typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (addresses.length === 0) throw new DestinationRefused(`no address for ${host}`);
  for (const address of addresses) {
    const verdict = classifyAddress(address);
    if (!verdict.public) {
      throw new DestinationRefused(
        `${host === address ? address : `${host} resolves to ${address}`}, a ${verdict.range} address: webhooks go to public addresses only (VIGIE_WEBHOOKS_ALLOW_PRIVATE is for development)`,
      );
    }
  }
  const address = addresses[0]!;
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

/** A lookup for node's http(s).request that answers the checked address, whatever the host name. */
export function pinnedLookup(destination: Destination): LookupFunction {
  const { address, family } = destination;
  return ((_host: string, opts: { all?: boolean } | undefined, cb: (...args: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
}
