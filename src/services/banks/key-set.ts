// The bank entry keys an index holds, as a bitset: keys are small, dense integers from the
// database's sequence, so ten million entries take about 1.2 MB, where a Set would take
// hundreds. Written by hand because it is a dozen lines and no library fits better.
export class KeySet {
  private bits = new Uint8Array(1024);

  /** Marks `key` held; false if it already was. */
  add(key: number): boolean {
    const byte = key >>> 3;
    if (byte >= this.bits.length) this.grow(byte + 1);
    const mask = 1 << (key & 7);
    if (this.bits[byte]! & mask) return false;
    this.bits[byte]! |= mask;
    return true;
  }

  /** Clears `key`; false if it was not held. */
  delete(key: number): boolean {
    const byte = key >>> 3;
    const mask = 1 << (key & 7);
    if (byte >= this.bits.length || !(this.bits[byte]! & mask)) return false;
    this.bits[byte]! &= ~mask;
    return true;
  }

  private grow(bytes: number): void {
    const next = new Uint8Array(Math.max(bytes, this.bits.length * 2));
    next.set(this.bits);
    this.bits = next;
  }
}
