// Aho-Corasick multi-pattern matching over normalised text, with word-boundary checks.
//
// Written by hand rather than taken from a package because: the project has no
// Aho-Corasick dependency (modern-ahocorasick, which signals.md names, is not installed);
// we need boundary checks against the normaliser's single-space separators and prefix /
// suffix flags per pattern, reported as offsets; and the memory layout matters for
// operator lists of 10^4-10^5 terms. One scan finds every term of every list and rule
// phrase in time linear in the text (plus matches), however many terms there are.
//
// Layout: characters are first mapped to a small alphabet of the characters that occur in
// patterns (anything else cannot continue a match and sends the automaton to the root).
// The root has a dense transition row; other nodes keep their few edges in flat sorted
// arrays (CSR), with failure links and dictionary-suffix links for outputs.

export interface AcPattern {
  /** Normalised pattern text (as normalise() writes it: single spaces, no edges). */
  readonly text: string;
  /** Require a word boundary before the match (default true). */
  readonly left?: boolean;
  /** Require a word boundary after the match (default true). */
  readonly right?: boolean;
}

export type OnMatch = (pattern: number, start: number, end: number) => void;

const SPACE = 0x20;
/** States with more edges than this get a dense transition row. */
const DENSE_FROM = 4;

export class AhoCorasick {
  private readonly asciiClass = new Int32Array(128).fill(-1);
  private readonly otherClass = new Map<number, number>();
  private readonly rootRow: Int32Array;
  /** For states with many edges, the offset of a dense row in `dense` (else -1). */
  private readonly denseAt: Int32Array;
  private readonly dense: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeClass: Int32Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  private readonly dict: Int32Array; // nearest proper suffix state with outputs, or -1
  private readonly outStart: Int32Array;
  private readonly outPattern: Int32Array;
  private readonly lengths: Int32Array;
  private readonly lefts: Uint8Array;
  private readonly rights: Uint8Array;
  readonly patternCount: number;
  readonly stateCount: number;

  constructor(patterns: readonly AcPattern[]) {
    this.patternCount = patterns.length;
    this.lengths = Int32Array.from(patterns, (p) => p.text.length);
    this.lefts = Uint8Array.from(patterns, (p) => (p.left === false ? 0 : 1));
    this.rights = Uint8Array.from(patterns, (p) => (p.right === false ? 0 : 1));

    // Alphabet.
    let classes = 0;
    for (const p of patterns) {
      if (p.text.length === 0) throw new Error('empty pattern');
      for (let i = 0; i < p.text.length; i++) {
        const c = p.text.charCodeAt(i);
        if (c < 128) {
          if (this.asciiClass[c] === -1) this.asciiClass[c] = classes++;
        } else if (!this.otherClass.has(c)) this.otherClass.set(c, classes++);
      }
    }

    // Trie (Maps only while building).
    const children: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    patterns.forEach((p, id) => {
      let node = 0;
      for (let i = 0; i < p.text.length; i++) {
        const cls = this.classOf(p.text.charCodeAt(i));
        let next = children[node]!.get(cls);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          outputs.push([]);
          children[node]!.set(cls, next);
        }
        node = next;
      }
      outputs[node]!.push(id);
    });
    const n = children.length;
    this.stateCount = n;

    // Flatten edges (sorted by class so lookups can stop early).
    this.edgeStart = new Int32Array(n + 1);
    let edges = 0;
    for (let s = 0; s < n; s++) {
      this.edgeStart[s] = edges;
      edges += children[s]!.size;
    }
    this.edgeStart[n] = edges;
    this.edgeClass = new Int32Array(edges);
    this.edgeTarget = new Int32Array(edges);
    for (let s = 0; s < n; s++) {
      const sorted = [...children[s]!.entries()].sort((a, b) => a[0] - b[0]);
      let e = this.edgeStart[s]!;
      for (const [cls, target] of sorted) {
        this.edgeClass[e] = cls;
        this.edgeTarget[e] = target;
        e++;
      }
    }
    this.rootRow = new Int32Array(classes);
    for (const [cls, target] of children[0]!) this.rootRow[cls] = target;
    // States near the root fan out widely; a linear scan of their edges would be the hot
    // spot, so they get a dense row (-1 where there is no edge) like the root's.
    this.denseAt = new Int32Array(n).fill(-1);
    const wide: number[] = [];
    for (let s = 1; s < n; s++) if (children[s]!.size > DENSE_FROM) wide.push(s);
    this.dense = new Int32Array(wide.length * classes).fill(-1);
    wide.forEach((s, i) => {
      this.denseAt[s] = i * classes;
      for (const [cls, target] of children[s]!) this.dense[i * classes + cls] = target;
    });

    // Failure and dictionary links, breadth first.
    this.fail = new Int32Array(n);
    this.dict = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (const target of children[0]!.values()) queue[tail++] = target;
    while (head < tail) {
      const s = queue[head++]!;
      for (const [cls, t] of children[s]!) {
        let f = this.fail[s]!;
        let next = this.step(f, cls);
        while (next < 0 && f !== 0) {
          f = this.fail[f]!;
          next = this.step(f, cls);
        }
        const ft = next < 0 ? 0 : next;
        this.fail[t] = ft;
        this.dict[t] = outputs[ft]!.length > 0 ? ft : this.dict[ft]!;
        queue[tail++] = t;
      }
    }

    this.outStart = new Int32Array(n + 1);
    let outs = 0;
    for (let s = 0; s < n; s++) {
      this.outStart[s] = outs;
      outs += outputs[s]!.length;
    }
    this.outStart[n] = outs;
    this.outPattern = new Int32Array(outs);
    for (let s = 0, o = 0; s < n; s++) for (const id of outputs[s]!) this.outPattern[o++] = id;
  }

  private classOf(code: number): number {
    return code < 128 ? this.asciiClass[code]! : (this.otherClass.get(code) ?? -1);
  }

  /** The goto function without failure: the next state, or -1 (the root never fails). */
  private step(state: number, cls: number): number {
    if (state === 0) {
      const t = this.rootRow[cls]!;
      return t === 0 ? -1 : t;
    }
    const end = this.edgeEnd(state);
    for (let e = this.edgeStart[state]!; e < end; e++) {
      const c = this.edgeClass[e]!;
      if (c === cls) return this.edgeTarget[e]!;
      if (c > cls) break;
    }
    return -1;
  }

  private edgeEnd(state: number): number {
    return this.edgeStart[state + 1]!;
  }

  /** Reports every occurrence of every pattern whose boundary conditions hold. */
  scan(text: string, onMatch: OnMatch): void {
    // Locals rather than fields in the loop: this runs on every character of every post.
    const asciiClass = this.asciiClass;
    const otherClass = this.otherClass;
    const rootRow = this.rootRow;
    const edgeStart = this.edgeStart;
    const edgeClass = this.edgeClass;
    const edgeTarget = this.edgeTarget;
    const fail = this.fail;
    const dict = this.dict;
    const denseAt = this.denseAt;
    const dense = this.dense;
    const outStart = this.outStart;
    const outPattern = this.outPattern;
    const lengths = this.lengths;
    const lefts = this.lefts;
    const rights = this.rights;
    const len = text.length;
    let state = 0;
    for (let i = 0; i < len; i++) {
      const code = text.charCodeAt(i);
      const cls = code < 128 ? asciiClass[code]! : (otherClass.get(code) ?? -1);
      if (cls < 0) {
        state = 0;
        continue;
      }
      for (;;) {
        if (state === 0) {
          state = rootRow[cls]!;
          break;
        }
        let next = -1;
        const row = denseAt[state]!;
        if (row >= 0) next = dense[row + cls]!;
        else
          for (let e = edgeStart[state]!, end = edgeStart[state + 1]!; e < end; e++) {
            const c = edgeClass[e]!;
            if (c === cls) {
              next = edgeTarget[e]!;
              break;
            }
            if (c > cls) break;
          }
        if (next >= 0) {
          state = next;
          break;
        }
        state = fail[state]!;
      }
      if (state === 0) continue;
      let o = outStart[state]! < outStart[state + 1]! ? state : dict[state]!;
      while (o > 0) {
        for (let k = outStart[o]!, end = outStart[o + 1]!; k < end; k++) {
          const p = outPattern[k]!;
          const start = i + 1 - lengths[p]!;
          if (lefts[p] && start > 0 && text.charCodeAt(start - 1) !== SPACE) continue;
          if (rights[p] && i + 1 < len && text.charCodeAt(i + 1) !== SPACE) continue;
          onMatch(p, start, i + 1);
        }
        o = dict[o]!;
      }
    }
  }
}
