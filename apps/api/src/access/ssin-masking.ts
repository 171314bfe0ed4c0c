import { maskSsin } from '@certdesk/domain';
import type { Actor } from './actor.js';

/** An SSIN inside a distinguished name or a keystore file name: `SSIN=85073003328`, and the eID's `SERIALNUMBER=`. */
const SSIN_IN_TEXT = /\b(SSIN|SERIALNUMBER)=("?)(\d{11})\b/gi;
const ELEVEN_DIGITS = /^\d{11}$/;

/**
 * SSINs are personal data: every answer shows them masked (850101-***-**), except to central administrators and
 * to the person whose SSIN it is (DOMAIN.md, issue 3). Applied to whole answers, so a subject DN inside an audit
 * event, an import result or a handover document is masked as surely as a certificate's identifier.
 */
export class SsinMasker {
  private readonly own: string | null;

  constructor(actor: Pick<Actor, 'centralAdmin' | 'ssin'>) {
    this.own = actor.ssin;
    this.active = !actor.centralAdmin;
  }

  readonly active: boolean;

  mask<T>(value: T): T {
    return this.active ? (this.walk(value, undefined) as T) : value;
  }

  private maskDigits(digits: string): string {
    return digits === this.own ? digits : maskSsin(digits);
  }

  maskText(text: string): string {
    return text.replace(SSIN_IN_TEXT, (match, key: string, quote: string, digits: string) =>
      digits === this.own ? match : `${key}=${quote}${maskSsin(digits)}`,
    );
  }

  private walk(value: unknown, key: string | undefined): unknown {
    if (typeof value === 'string') {
      if (key !== undefined && /^ssin$/i.test(key) && ELEVEN_DIGITS.test(value))
        return this.maskDigits(value);
      return value.includes('=') ? this.maskText(value) : value;
    }
    if (Array.isArray(value)) return value.map((item) => this.walk(item, undefined));
    if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value))
      return value;
    const object = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    const ssinTyped =
      typeof object.identifierType === 'string' && object.identifierType.toUpperCase() === 'SSIN';
    for (const [k, v] of Object.entries(object)) {
      result[k] =
        ssinTyped && k === 'identifierValue' && typeof v === 'string' && ELEVEN_DIGITS.test(v)
          ? this.maskDigits(v)
          : this.walk(v, k);
    }
    return result;
  }
}
