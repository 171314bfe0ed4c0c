// A bounded, namespace-aware XML reader (saxes) for the depot's answers: a small element tree, or a refusal. A DTD is
// refused outright (no entity can be declared, so none can expand), and so are documents nested deeper or holding
// more elements than any answer of the depot does.
import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** The namespace URI; '' for an unqualified element. */
  uri: string;
  local: string;
  /** Attributes without a namespace, by name. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), outside its children. */
  text: string;
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 32, maxElements: 10_000 };

/** Why a document was not read: its message says what was wrong, for the depot error. */
export class XmlRefusedError extends Error {
  override readonly name = 'XmlRefusedError';
}

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const open: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  parser.on('doctype', () => {
    throw new XmlRefusedError('it declares a DTD, which a SOAP message may not');
  });
  parser.on('opentag', (tag) => {
    if (++elements > limits.maxElements)
      throw new XmlRefusedError(`it holds more than ${limits.maxElements} elements`);
    if (open.length >= limits.maxDepth)
      throw new XmlRefusedError(`it is nested deeper than ${limits.maxDepth} elements`);
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === '') attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { uri: tag.uri, local: tag.local, attributes, children: [], text: '' };
    const parent = open[open.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    open.push(element);
  });
  const addText = (value: string) => {
    const current = open[open.length - 1];
    if (current) current.text += value;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    open.pop();
  });
  parser.on('error', (error) => {
    throw new XmlRefusedError(`it is not well-formed XML (${error.message})`);
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof XmlRefusedError) throw error;
    throw new XmlRefusedError(`it is not well-formed XML (${(error as Error).message})`);
  }
  if (!root) throw new XmlRefusedError('it holds no XML element');
  return root;
}

/** The child elements with this namespace and local name. */
export function childrenNamed(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.children.filter((child) => child.uri === uri && child.local === local);
}

export function childNamed(element: XmlElement, uri: string, local: string): XmlElement | undefined {
  return element.children.find((child) => child.uri === uri && child.local === local);
}

/** Escapes text for an element's content or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
