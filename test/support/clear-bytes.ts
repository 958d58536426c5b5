// What the vault tests assert about a folder: no file in it equals, or holds any 32-byte run
// of, media that must only ever be on disk encrypted.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** No file under `dir` equals or contains any 32-byte run taken across `clear`. */
export function assertNoClearBytes(dir: string, clears: Buffer[]): void {
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const clear of clears) {
      assert.equal(bytes.equals(clear), false, `${file} equals clear media`);
      for (let at = 0; at + 32 <= clear.length; at += Math.max(32, Math.floor(clear.length / 16))) {
        assert.equal(bytes.includes(clear.subarray(at, at + 32)), false, `${file} holds clear bytes at ${at}`);
      }
    }
  }
}
