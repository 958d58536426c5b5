// A minimal, safe XML reader for the NCMEC hash-sharing responses.
//
// Hand-written because no XML package is among the project's dependencies and these
// responses use a small subset: elements, attributes, text, comments, CDATA, the XML
// declaration and the five predefined entities plus numeric references. Anything
// outside that is refused rather than guessed at: a DOCTYPE (so no entity expansion
// and no external entities, the classic XML attacks), unbalanced tags, input over a
// size or depth limit. Namespace prefixes and xmlns attributes are dropped, as the
// responses put everything in one default namespace.
// (A maintained parser such as fast-xml-parser would do as well; see docs/matching.md.)

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element, entities decoded, not trimmed. */
  text: string;
}

export class XmlError extends Error {
  override name = 'XmlError';
}

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
}

const NAME = /[A-Za-z_][\w.\-:]*/y;

export function parseXml(input: string, limits: XmlLimits = {}): XmlElement {
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  if (input.length > maxBytes) throw new XmlError(`XML larger than ${maxBytes} characters`);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (msg: string): never => {
    const line = input.slice(0, i).split('\n').length;
    throw new XmlError(`${msg} (line ${line})`);
  };
  if (input.charCodeAt(0) === 0xfeff) i = 1;

  while (i < input.length) {
    const lt = input.indexOf('<', i);
    const textEnd = lt === -1 ? input.length : lt;
    if (textEnd > i) {
      const raw = input.slice(i, textEnd);
      i = textEnd;
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(raw, fail);
      else if (raw.trim() !== '') fail('text outside the root element');
      continue;
    }
    if (input.startsWith('<?', i)) {
      const end = input.indexOf('?>', i);
      if (end === -1) fail('unterminated processing instruction');
      i = end + 2;
    } else if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (input.startsWith('<![CDATA[', i)) {
      const end = input.indexOf(']]>', i);
      if (end === -1) fail('unterminated CDATA section');
      const top = stack[stack.length - 1] ?? fail('CDATA outside the root element');
      top.text += input.slice(i + 9, end);
      i = end + 3;
    } else if (input.startsWith('<!', i)) {
      fail('DOCTYPE and other declarations are refused');
    } else if (input.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (input[i] !== '>') fail(`malformed closing tag </${name}`);
      i++;
      const top = stack.pop() ?? fail(`closing tag </${name}> with nothing open`);
      if (top.name !== localName(name)) fail(`closing tag </${name}> does not match <${top.name}>`);
    } else {
      i++;
      const name = readName();
      const el: XmlElement = { name: localName(name), attributes: {}, children: [], text: '' };
      for (;;) {
        const hadSpace = skipSpace();
        if (input.startsWith('/>', i) || input[i] === '>') break;
        if (!hadSpace) fail(`malformed tag <${name}`);
        const attr = readName();
        skipSpace();
        if (input[i] !== '=') fail(`attribute ${attr} has no value`);
        i++;
        skipSpace();
        const quote = input[i];
        if (quote !== '"' && quote !== "'") fail(`attribute ${attr} value is not quoted`);
        const end = input.indexOf(quote!, i + 1);
        if (end === -1) fail(`attribute ${attr} value is not closed`);
        const value = decodeEntities(input.slice(i + 1, end), fail);
        i = end + 1;
        if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
        el.attributes[localName(attr)] = value;
      }
      const selfClosing = input.startsWith('/>', i);
      i += selfClosing ? 2 : 1;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      if (!selfClosing) {
        stack.push(el);
        if (stack.length > maxDepth) fail(`elements nested deeper than ${maxDepth}`);
      }
    }
  }
  if (stack.length > 0) fail(`element <${stack[stack.length - 1]!.name}> is not closed`);
  return root ?? fail('no root element');

  function readName(): string {
    NAME.lastIndex = i;
    const m = NAME.exec(input);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  }
  function skipSpace(): boolean {
    const start = i;
    while (i < input.length && /\s/.test(input[i]!)) i++;
    return i > start;
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, fail: (msg: string) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;\s]{1,10});/g, (whole, ref: string) => {
    if (ref in NAMED) return NAMED[ref]!;
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (!m) return fail(`unknown entity ${whole}`);
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (code > 0x10ffff || code === 0) return fail(`bad character reference ${whole}`);
    return String.fromCodePoint(code);
  });
}

/** First child element with this name, if any. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
