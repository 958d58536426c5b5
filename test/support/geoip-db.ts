// Writes a small MaxMind DB file (the documented MMDB format, version 2.0:
// https://maxmind.github.io/MaxMind-DB/) placing IPv4 networks in countries, shaped like a
// GeoLite2-Country record ({ country: { iso_code, names } }), so that tests read it with the
// same `maxmind` reader the operator's GeoLite2/GeoIP2 file goes through. Tests only.

export interface Placement {
  /** An IPv4 network: "192.0.2.0/24". */
  network: string;
  country: string;
}

type Rec = { kind: 'empty' } | { kind: 'node'; node: number } | { kind: 'data'; offset: number };

export function buildCountryDatabase(placements: readonly Placement[]): Buffer {
  // The data section: one record per country.
  const data: Buffer[] = [];
  let dataSize = 0;
  const offsets = new Map<string, number>();
  for (const p of placements) {
    if (offsets.has(p.country)) continue;
    const bytes = encode({ country: { iso_code: p.country, names: { en: p.country } } });
    offsets.set(p.country, dataSize);
    data.push(bytes);
    dataSize += bytes.length;
  }
  // The search tree over 32 bits, one node per branching step.
  const nodes: [Rec, Rec][] = [[{ kind: 'empty' }, { kind: 'empty' }]];
  for (const p of placements) {
    const [addr, bitsText] = p.network.split('/');
    const bits = Number(bitsText);
    const value = addr!.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
    let node = 0;
    for (let i = 0; i < bits; i++) {
      const bit = Math.floor(value / 2 ** (31 - i)) % 2;
      if (i === bits - 1) {
        nodes[node]![bit] = { kind: 'data', offset: offsets.get(p.country)! };
        break;
      }
      const next = nodes[node]![bit]!;
      if (next.kind === 'node') node = next.node;
      else {
        nodes.push([{ kind: 'empty' }, { kind: 'empty' }]);
        nodes[node]![bit] = { kind: 'node', node: nodes.length - 1 };
        node = nodes.length - 1;
      }
    }
  }
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  const value = (r: Rec): number => (r.kind === 'node' ? r.node : r.kind === 'empty' ? nodeCount : nodeCount + 16 + r.offset);
  nodes.forEach(([left, right], i) => {
    tree.writeUIntBE(value(left), i * 6, 3);
    tree.writeUIntBE(value(right), i * 6 + 3, 3);
  });
  const metadata = encode({
    binary_format_major_version: { uint16: 2 },
    binary_format_minor_version: { uint16: 0 },
    build_epoch: { uint64: 1_764_000_000 },
    database_type: 'GeoLite2-Country',
    description: { en: 'vigie test database' },
    ip_version: { uint16: 4 },
    languages: ['en'],
    node_count: { uint32: nodeCount },
    record_size: { uint16: 24 },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com', 'latin1'), metadata]);
}

type Value = string | { uint16: number } | { uint32: number } | { uint64: number } | Value[] | { [key: string]: Value };

function encode(v: Value): Buffer {
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (Array.isArray(v)) return Buffer.concat([control(11, v.length), ...v.map(encode)]);
  if ('uint16' in v && typeof v.uint16 === 'number') return unsigned(5, v.uint16);
  if ('uint32' in v && typeof v.uint32 === 'number') return unsigned(6, v.uint32);
  if ('uint64' in v && typeof v.uint64 === 'number') return unsigned(9, v.uint64);
  const entries = Object.entries(v as Record<string, Value>);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])]);
}

function unsigned(type: number, n: number): Buffer {
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

/** The control byte: the type in the top three bits and the size; an extended type's byte and any size byte follow it. */
function control(type: number, size: number): Buffer {
  const t = type > 7 ? 0 : type;
  const extended = type > 7 ? [type - 7] : [];
  if (size < 29) return Buffer.from([(t << 5) | size, ...extended]);
  if (size < 285) return Buffer.from([(t << 5) | 29, ...extended, size - 29]);
  throw new Error('test database values stay small');
}
