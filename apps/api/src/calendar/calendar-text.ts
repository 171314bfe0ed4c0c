import { maskSsin, parseSsin } from '@certdesk/domain';
import { SsinMasker } from '../access/ssin-masking.js';

/** The feed has no reader to show an SSIN to: its URL may end up in a shared calendar. */
const PUBLIC = new SsinMasker({ centralAdmin: false, ssin: null });

/** An SSIN on its own, as typed in a path or a name: 11 digits, or 85.01.01-123.45 / 850101 123 45. */
const LONE_SSIN = /(?<![0-9])[0-9]{2}[.\- ]?[0-9]{2}[.\- ]?[0-9]{2}[.\- ]?[0-9]{3}[.\- ]?[0-9]{2}(?![0-9])/g;

/**
 * Free text from the inventory (a name, a keystore's file name, host or path, a subject) as the public feed may show
 * it: SSINs masked (libs/domain maskSsin), both after a key (`SSIN=85010112345 20160226-134804.p12`,
 * `SERIALNUMBER=`) and on their own when they are valid SSINs.
 */
export function maskedText(text: string): string {
  return PUBLIC.maskText(text).replace(LONE_SSIN, (match) => (parseSsin(match).ok ? maskSsin(match) : match));
}

/**
 * RFC 5545 3.3.11: a TEXT value holds no control character but TAB. Every line break (CRLF, LF, or a bare CR, which
 * some clients take for one) becomes LF, for the escaping to write as `\n`; any other control becomes a space.
 */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
}

/** RFC 5545 3.3.11: backslash, semicolon, comma and line breaks escaped in a TEXT value. */
export function escapeText(text: string): string {
  return plainText(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}
