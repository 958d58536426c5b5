// Where a link's material is hosted: the host name resolved (dns.lookup, injectable for
// tests), and the address's country from a MaxMind GeoLite2/GeoIP2 country or city database
// that the operator supplies (read with the `maxmind` package). Only the host is resolved:
// the link itself is never fetched. A host that does not resolve, or an address the database
// does not place, gives no country, and the legal role chooses the hotline.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { readFile } from 'node:fs/promises';
import { Reader, type CountryResponse } from 'maxmind';

export type LookupHost = (host: string) => Promise<{ address: string; family: number }[]>;

export interface HostingLocation {
  ip: string | null;
  country: string | null;
  /** Why no country was found, when none was. */
  unknownBecause: string | null;
}

export interface CountryDatabase {
  countryOf(ip: string): string | null;
}

/** Opens a GeoLite2/GeoIP2 database file (Country or City); read once, whole, into memory. */
export async function openCountryDatabase(path: string): Promise<CountryDatabase> {
  const reader = new Reader<CountryResponse>(await readFile(path));
  return {
    countryOf(ip) {
      const hit = reader.get(ip);
      return hit?.country?.iso_code ?? hit?.registered_country?.iso_code ?? null;
    },
  };
}

export const systemLookup: LookupHost = (host) => dnsLookup(host, { all: true, verbatim: true });

export async function locateHost(host: string, geo: CountryDatabase | undefined, lookup: LookupHost = systemLookup): Promise<HostingLocation> {
  let ip: string | null = isIP(host) ? host : null;
  if (ip === null) {
    try {
      const found = await lookup(host);
      // IPv4 first: GeoLite2 places both, and hotlines trace hosting by the A record.
      ip = (found.find((a) => a.family === 4) ?? found[0])?.address ?? null;
    } catch (err) {
      return { ip: null, country: null, unknownBecause: `the host did not resolve (${(err as { code?: string }).code ?? 'error'})` };
    }
    if (ip === null) return { ip: null, country: null, unknownBecause: 'the host has no address' };
  }
  if (!geo) return { ip, country: null, unknownBecause: 'no GeoIP database is configured (VIGIE_GEOIP_DATABASE)' };
  let country: string | null = null;
  try {
    country = geo.countryOf(ip);
  } catch {
    country = null;
  }
  return { ip, country, unknownBecause: country === null ? 'the GeoIP database does not place this address' : null };
}
