// Classifies IP addresses as public unicast or not, for the shortener expander's SSRF guard.
// Written by hand because the project has no IP library as a direct dependency, the
// ranges are a short fixed table, and we must look through IPv4-mapped, NAT64 and 6to4
// forms, which node's net.BlockList does not do for us. Addresses are parsed into bytes
// first, so that alternative spellings (hex, octal, short forms, embedded dotted quads)
// cannot slip past a string comparison.
import { isIPv4, isIPv6 } from 'node:net';

export type AddressVerdict = { readonly public: true; readonly address: string } | { readonly public: false; readonly address: string; readonly range: string };

interface Range {
  readonly bytes: readonly number[];
  readonly bits: number;
  readonly name: string;
}

function v4(cidr: string, name: string): Range {
  const [ip, bits] = cidr.split('/') as [string, string];
  return { bytes: ip.split('.').map(Number), bits: Number(bits), name };
}

const V4_BLOCKED: readonly Range[] = [
  v4('0.0.0.0/8', 'this-network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade-nat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'ietf-protocol'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4-relay'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

function inRange(bytes: ArrayLike<number>, range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Parses a dotted-quad IPv4 address (as node's isIPv4 accepts it) into 4 bytes. */
export function parseIPv4(text: string): Uint8Array | undefined {
  if (!isIPv4(text)) return undefined;
  return Uint8Array.from(text.split('.').map(Number));
}

/** Parses an IPv6 address (optionally bracketed, with an optional zone) into 16 bytes. */
export function parseIPv6(input: string): Uint8Array | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!isIPv6(text)) return undefined;
  const out = new Uint8Array(16);
  // An embedded dotted quad takes the last 32 bits.
  let tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    tail = parseIPv4(text.slice(lastColon + 1));
    if (!tail) return undefined;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - restGroups.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...new Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

function hexRange(prefix: readonly number[], bits: number, name: string): Range {
  return { bytes: prefix, bits, name };
}

const V6_BLOCKED: readonly Range[] = [
  hexRange([0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'discard'),
  hexRange([0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'),
  hexRange([0x20, 0x01, 0x00, 0x00], 32, 'teredo'),
  hexRange([0x20, 0x01, 0x00, 0x10], 28, 'orchid'),
  hexRange([0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'local-nat64'),
  hexRange([0xfc], 7, 'unique-local'),
  hexRange([0xfe, 0x80], 10, 'link-local'),
  hexRange([0xfe, 0xc0], 10, 'site-local'),
  hexRange([0xff], 8, 'multicast'),
];

function classifyV4Bytes(bytes: Uint8Array, address: string): AddressVerdict {
  if (bytes[0] === 255 && bytes[1] === 255 && bytes[2] === 255 && bytes[3] === 255) {
    return { public: false, address, range: 'broadcast' };
  }
  for (const r of V4_BLOCKED) if (inRange(bytes, r)) return { public: false, address, range: r.name };
  return { public: true, address };
}

function classifyV6Bytes(b: Uint8Array, address: string): AddressVerdict {
  const zeroUpTo = (n: number) => b.subarray(0, n).every((x) => x === 0);
  if (zeroUpTo(15) && b[15] === 0) return { public: false, address, range: 'unspecified' };
  if (zeroUpTo(15) && b[15] === 1) return { public: false, address, range: 'loopback' };
  // Forms that carry an IPv4 address are judged by that address, with the form named.
  const embedded = (v4bytes: Uint8Array, form: string): AddressVerdict => {
    const inner = classifyV4Bytes(v4bytes, address);
    return inner.public ? inner : { public: false, address, range: `${form}:${inner.range}` };
  };
  if (zeroUpTo(10) && b[10] === 0xff && b[11] === 0xff) return embedded(b.subarray(12, 16), 'ipv4-mapped');
  if (zeroUpTo(12)) return { public: false, address, range: 'ipv4-compatible' };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0)) {
    return embedded(b.subarray(12, 16), 'nat64');
  }
  if (b[0] === 0x20 && b[1] === 0x02) return embedded(b.subarray(2, 6), '6to4');
  for (const r of V6_BLOCKED) if (inRange(b, r)) return { public: false, address, range: r.name };
  // Only 2000::/3 is allocated as global unicast; anything else is reserved.
  if ((b[0]! & 0xe0) !== 0x20) return { public: false, address, range: 'reserved' };
  return { public: true, address };
}

/**
 * Says whether an address is public unicast. Anything that does not parse as an IP
 * address is refused (range "not-an-ip") rather than guessed at.
 */
export function classifyAddress(address: string): AddressVerdict {
  const a4 = parseIPv4(address);
  if (a4) return classifyV4Bytes(a4, address);
  const a6 = parseIPv6(address);
  if (a6) return classifyV6Bytes(a6, address);
  return { public: false, address, range: 'not-an-ip' };
}
