// Reads the reference C++ hasher's outputs from ../shared/fixtures/pdq/expected.

import { readFileSync } from 'node:fs';
import { DIHEDRAL_NAMES, type DihedralName } from '../../../src/detect/media/index.js';
import { sharedPath } from '../../support/shared.js';

export interface ReferenceRow {
  /** Path relative to fixtures/pdq. */
  file: string;
  width: number;
  height: number;
  channels: number;
  quality: number;
  hashes: Record<DihedralName, string>;
}

export function fixturePath(file: string): string {
  return sharedPath('fixtures', 'pdq', file);
}

export function referenceRows(): ReferenceRow[] {
  const lines = readFileSync(fixturePath('expected/reference-cpp.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`reference-cpp.csv has no column ${name}`);
    return i;
  };
  return lines.slice(1).map((line) => {
    const cols = line.split(',');
    const hashes = {} as Record<DihedralName, string>;
    for (const name of DIHEDRAL_NAMES) hashes[name] = cols[at(name === 'orig' ? 'pdq_hex' : name)]!;
    return {
      file: cols[at('file')]!,
      width: Number(cols[at('decoded_width')]),
      height: Number(cols[at('decoded_height')]),
      channels: Number(cols[at('decoded_channels')]),
      quality: Number(cols[at('quality')]),
      hashes,
    };
  });
}
