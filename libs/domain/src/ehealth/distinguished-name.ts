// Distinguished names as strings (RFC 4514), both ways. Certificates in the wild are printed by Java and
// .NET in an older style (`CN="EHP=1990001916, VITALINKGATEWAY", OU=...`: quotes, ", " between parts), so
// the parser reads that too; the formatter writes strict RFC 4514 unless asked for the readable style.

export interface DnAttribute {
  /** Upper-case short name: CN, OU, O, C, SERIALNUMBER, GIVENNAME, SURNAME, ...; a dotted OID when unnamed. */
  type: string;
  value: string;
  /** True when this attribute shares one multi-valued RDN with the previous one (written `A=1+B=2`). */
  joinedToPrevious?: boolean;
}

/** In RFC 4514 order: the most specific part (CN) first, as certificates are usually printed. */
export type DistinguishedName = readonly DnAttribute[];

export class DistinguishedNameSyntaxError extends Error {
  override readonly name = 'DistinguishedNameSyntaxError';
  constructor(
    message: string,
    /** 0-based index in the text where the problem was found. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** OIDs of the attribute types certificates use, with the names this library gives them. */
export const DN_ATTRIBUTE_TYPES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SURNAME'],
  ['2.5.4.5', 'SERIALNUMBER'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'STREET'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'TITLE'],
  ['2.5.4.17', 'POSTALCODE'],
  ['2.5.4.42', 'GIVENNAME'],
  ['2.5.4.43', 'INITIALS'],
  ['2.5.4.44', 'GENERATIONQUALIFIER'],
  ['2.5.4.46', 'DNQUALIFIER'],
  ['2.5.4.65', 'PSEUDONYM'],
  ['2.5.4.97', 'ORGANIZATIONIDENTIFIER'],
  ['1.2.840.113549.1.9.1', 'EMAILADDRESS'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
]);

/** Other spellings people and tools write (the eID subject is printed with GN and SN). */
const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['SN', 'SURNAME'],
  ['GN', 'GIVENNAME'],
  ['G', 'GIVENNAME'],
  ['T', 'TITLE'],
  ['E', 'EMAILADDRESS'],
  ['EMAIL', 'EMAILADDRESS'],
  ['S', 'ST'],
]);

/** Types seen so far and their canonical names: a DN has a handful of types, read over and over. */
const normalizedTypes = new Map<string, string>();

/** The canonical upper-case name of an attribute type written as a name, an alias or an OID. */
export function normalizeDnAttributeType(type: string): string {
  const cached = normalizedTypes.get(type);
  if (cached !== undefined) return cached;
  const upper = String(type)
    .trim()
    .toUpperCase()
    .replace(/^OID\./, '');
  const isOid = /^[0-9]+(\.[0-9]+)+$/.test(upper);
  const name = isOid ? (DN_ATTRIBUTE_TYPES.get(upper) ?? upper) : (TYPE_ALIASES.get(upper) ?? upper);
  if (normalizedTypes.size < 1_000) normalizedTypes.set(type, name);
  return name;
}

/** The values of every attribute of that type, in order (`OU` gives all the OUs). */
export function dnValues(dn: DistinguishedName, type: string): string[] {
  const wanted = normalizeDnAttributeType(type);
  return dn.filter((a) => normalizeDnAttributeType(a.type) === wanted).map((a) => a.value);
}

const TYPE_SYNTAX = /^(?:[A-Za-z][A-Za-z0-9-]*|(?:OID\.)?[0-9]+(?:\.[0-9]+)+)$/i;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses `CN=...,OU=...` (RFC 4514, and the older forms certificates are printed in: `;` as separator,
 * spaces around separators, `"quoted values"`, `\XX` hex escapes, `#hex` BER values, `+` multi-valued
 * RDNs). An empty string is the empty DN. Throws DistinguishedNameSyntaxError, saying where, on malformed text.
 */
export function parseDistinguishedName(rfc4514: string): DistinguishedName {
  const text = String(rfc4514);
  const attributes: DnAttribute[] = [];
  if (text.trim() === '') return attributes;

  let i = 0;
  let joinedToPrevious = false;
  for (;;) {
    i = skipSpaces(text, i);
    const typeStart = i;
    const equals = text.indexOf('=', i);
    if (equals === -1) {
      throw new DistinguishedNameSyntaxError(
        `Expected "type=value" at position ${typeStart}, found "${text.slice(typeStart, typeStart + 20)}".`,
        typeStart,
      );
    }
    const rawType = text.slice(i, equals).trim();
    if (!TYPE_SYNTAX.test(rawType)) {
      throw new DistinguishedNameSyntaxError(
        rawType === ''
          ? `Missing attribute type before "=" at position ${equals}.`
          : `"${rawType}" at position ${typeStart} is not an attribute type (a name such as CN or an OID).`,
        typeStart,
      );
    }
    i = skipSpaces(text, equals + 1);

    const parsed =
      text[i] === '"'
        ? readQuotedValue(text, i)
        : text[i] === '#'
          ? readHexValue(text, i)
          : readPlainValue(text, i);
    i = skipSpaces(text, parsed.end);
    const attribute: DnAttribute = { type: normalizeDnAttributeType(rawType), value: parsed.value };
    if (joinedToPrevious) attribute.joinedToPrevious = true;
    attributes.push(attribute);

    if (i >= text.length) return attributes;
    const separator = text[i];
    if (separator !== ',' && separator !== ';' && separator !== '+') {
      throw new DistinguishedNameSyntaxError(
        `Expected "," or "+" after the value of ${rawType} at position ${i}, found "${separator}".`,
        i,
      );
    }
    joinedToPrevious = separator === '+';
    i += 1;
    if (skipSpaces(text, i) >= text.length) {
      throw new DistinguishedNameSyntaxError(
        `The name ends with "${separator}" and no attribute after it.`,
        i - 1,
      );
    }
  }
}

export interface FormatDistinguishedNameOptions {
  /**
   * `rfc4514` (default): `CN=EHP=1990001916\, VITALINKGATEWAY,OU=...`, backslash escapes, no spaces.
   * `readable`: the way Java/.NET and the eHealth tools print names, `CN="EHP=1990001916, VITALINKGATEWAY", OU=...`.
   * Both parse back to the same attributes.
   */
  style?: 'rfc4514' | 'readable';
}

export function formatDistinguishedName(
  dn: DistinguishedName,
  options: FormatDistinguishedNameOptions = {},
): string {
  const readable = options.style === 'readable';
  let out = '';
  dn.forEach((attribute, index) => {
    const type = String(attribute.type);
    if (!TYPE_SYNTAX.test(type)) {
      throw new DistinguishedNameSyntaxError(
        `"${type}" is not an attribute type (a name such as CN or an OID).`,
        index,
      );
    }
    if (index > 0) out += attribute.joinedToPrevious ? (readable ? ' + ' : '+') : readable ? ', ' : ',';
    const value = String(attribute.value);
    out += `${normalizeDnAttributeType(type)}=${readable ? quoteIfNeeded(value) : escapeRfc4514(value)}`;
  });
  return out;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] === ' ') i += 1;
  return i;
}

/** Collects decoded characters and `\XX` bytes (which may be several bytes of one UTF-8 character). */
class ValueBuilder {
  private text = '';
  private bytes: number[] = [];
  /** Length of the value up to its last character that must be kept (not an unescaped trailing space). */
  keptLength = 0;

  constructor(private readonly source: string) {}

  char(c: string, keep: boolean, position: number): void {
    this.flush(position);
    this.text += c;
    if (keep) this.keptLength = this.text.length;
  }

  byte(value: number): void {
    this.bytes.push(value);
  }

  flush(position: number): void {
    if (this.bytes.length === 0) return;
    try {
      this.text += utf8.decode(new Uint8Array(this.bytes));
    } catch {
      throw new DistinguishedNameSyntaxError(
        `The \\XX escapes before position ${position} are not valid UTF-8 in "${this.source}".`,
        position,
      );
    }
    this.bytes = [];
    this.keptLength = this.text.length;
  }

  result(trimTrailingSpaces: boolean): string {
    return trimTrailingSpaces ? this.text.slice(0, this.keptLength) : this.text;
  }
}

/** Reads the escape at `text[i] === '\\'`; returns the index after it. */
function readEscape(text: string, i: number, builder: ValueBuilder): number {
  const pair = text.slice(i + 1, i + 3);
  if (HEX_PAIR.test(pair)) {
    builder.byte(parseInt(pair, 16));
    return i + 3;
  }
  const next = text[i + 1];
  if (next === undefined) {
    throw new DistinguishedNameSyntaxError(`The name ends with a lone "\\" at position ${i}.`, i);
  }
  // Any other escaped character stands for itself (RFC 4514 escapes specials; older writers escape more).
  builder.char(next, true, i);
  return i + 2;
}

function readPlainValue(text: string, start: number): { value: string; end: number } {
  const builder = new ValueBuilder(text);
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ',' || c === ';' || c === '+') break;
    if (c === '\\') {
      i = readEscape(text, i, builder);
      continue;
    }
    if (c === '"') {
      throw new DistinguishedNameSyntaxError(
        `Unexpected quote at position ${i}: inside a value it must be escaped as \\", or the whole value quoted.`,
        i,
      );
    }
    builder.char(c, c !== ' ', i);
    i += 1;
  }
  builder.flush(i);
  return { value: builder.result(true), end: i };
}

function readQuotedValue(text: string, start: number): { value: string; end: number } {
  const builder = new ValueBuilder(text);
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      builder.flush(i);
      return { value: builder.result(false), end: i + 1 };
    }
    if (c === '\\') {
      i = readEscape(text, i, builder);
      continue;
    }
    builder.char(c, true, i);
    i += 1;
  }
  throw new DistinguishedNameSyntaxError(
    `The quoted value starting at position ${start} has no closing quote.`,
    start,
  );
}

/** `#` + the hex of a BER-encoded value (RFC 4514 2.4): string types are decoded, others kept as written. */
function readHexValue(text: string, start: number): { value: string; end: number } {
  let i = start + 1;
  while (i < text.length && /[0-9A-Fa-f]/.test(text[i] as string)) i += 1;
  const hex = text.slice(start + 1, i);
  if (hex.length === 0 || hex.length % 2 !== 0) {
    throw new DistinguishedNameSyntaxError(
      `"#" at position ${start} must be followed by pairs of hex digits.`,
      start,
    );
  }
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  const decoded = decodeBerString(bytes);
  return { value: decoded ?? text.slice(start, i), end: i };
}

function decodeBerString(bytes: Uint8Array): string | null {
  const tag = bytes[0];
  let length = bytes[1];
  let offset = 2;
  if (tag === undefined || length === undefined) return null;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets < 1 || octets > 2) return null;
    length = 0;
    for (let k = 0; k < octets; k += 1) length = (length << 8) | (bytes[offset + k] ?? 0);
    offset += octets;
  }
  if (offset + length !== bytes.length) return null;
  const content = bytes.subarray(offset);
  try {
    switch (tag) {
      case 0x0c: // UTF8String
        return utf8.decode(content);
      case 0x13: // PrintableString
      case 0x16: // IA5String
      case 0x1a: // VisibleString
      case 0x14: // TeletexString, read as Latin-1 as most tools do
        return String.fromCharCode(...content);
      case 0x1e: // BMPString
        return new TextDecoder('utf-16be', { fatal: true }).decode(content);
      default:
        return null;
    }
  } catch {
    return null;
  }
}

const NEEDS_ESCAPING = /["+,;<>\\\u0000-\u001f\u007f]|^[ #]| $/;

/** RFC 4514 2.4: escape specials, a leading space or #, a trailing space, and control characters. */
function escapeRfc4514(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] as string;
    const code = c.charCodeAt(0);
    if ('"+,;<>\\'.includes(c)) out += `\\${c}`;
    else if ((c === ' ' || c === '#') && i === 0) out += `\\${c}`;
    else if (c === ' ' && i === value.length - 1) out += '\\ ';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

/** Java/.NET style: a value with specials or edge spaces goes in quotes, with `"` and `\` escaped inside. */
function quoteIfNeeded(value: string): string {
  const needsQuotes =
    value === '' || /[,+=";<>#\\]/.test(value) || value.startsWith(' ') || value.endsWith(' ');
  // Control characters cannot be shown readably: escape them as RFC 4514 does, outside quotes.
  if (/[\u0000-\u001f\u007f]/.test(value)) return escapeRfc4514(value);
  return needsQuotes ? `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"` : value;
}
