// An ordered XML element tree and its serialisation. NCMEC refuses children out of the
// schema's sequence (4100), so documents are built from arrays, never from an object's key
// order; and everything that came from a user (names, URLs, file names) is escaped here, once.
import { escapeXml } from './file-details.js';

export interface XmlNode {
  readonly name: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly children: readonly XmlNode[];
  readonly text: string | null;
}

type Child = XmlNode | null | undefined | false | readonly (XmlNode | null | undefined | false)[];

/** An element with children (null, undefined and false are left out, arrays are spread in order). */
export function el(name: string, ...children: Child[]): XmlNode {
  return { name, attributes: [], children: flat(children), text: null };
}

/** An element holding text, with optional attributes in the given order. */
export function leaf(name: string, text: string, attributes: readonly (readonly [string, string | undefined])[] = []): XmlNode {
  return { name, attributes: present(attributes), children: [], text };
}

/** An element with attributes and children. */
export function elAttrs(name: string, attributes: readonly (readonly [string, string | undefined])[], ...children: Child[]): XmlNode {
  return { name, attributes: present(attributes), children: flat(children), text: null };
}

/** The leaf when the value is given, else nothing. */
export function opt(name: string, value: string | number | boolean | null | undefined): XmlNode | null {
  return value === null || value === undefined || value === '' ? null : leaf(name, String(value));
}

export function serialise(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root)}\n`;
}

function write(n: XmlNode): string {
  const attrs = n.attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (n.text !== null) return n.text === '' ? `<${n.name}${attrs}/>` : `<${n.name}${attrs}>${escapeXml(n.text)}</${n.name}>`;
  if (n.children.length === 0) return `<${n.name}${attrs}/>`;
  return `<${n.name}${attrs}>${n.children.map(write).join('')}</${n.name}>`;
}

function flat(children: Child[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of children) {
    if (Array.isArray(c)) out.push(...(c as (XmlNode | null | undefined | false)[]).filter((x): x is XmlNode => !!x));
    else if (c) out.push(c as XmlNode);
  }
  return out;
}

function present(attributes: readonly (readonly [string, string | undefined])[]): [string, string][] {
  return attributes.filter((a): a is [string, string] => a[1] !== undefined);
}
