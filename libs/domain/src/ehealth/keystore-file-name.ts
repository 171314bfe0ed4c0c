// The name the eHealth tools give a keystore: `<TYPE>=<ID> <yyyyMMdd-HHmmss>.p12` (DOMAIN.md; seed 001
// shows `SSIN=... 20160226-134804.p12`, seed 004 `NIHII-AMBU_SERVICE=79609977 20190507-144322.p12`).
//
// Application IDs: no seed shows such a file. The part before the time is the certificate's CN in both
// seeds, so a keystore with an application ID is written with its CN too:
// `EHP=1990001916, VITALINKGATEWAY 20190507-144322.p12`. Reading also accepts the app ID after a plain
// space or a bare comma, in case a tool writes it so.

import { daysInMonth } from '../calendar.js';

export interface KeystoreFileName {
  identifierType: string;
  identifierValue: string;
  applicationId: string | null;
  /** 'YYYY-MM-DDTHH:mm:ss': the local time of the requester's PC, with no zone (the file name has none). */
  createdAt: string;
}

const FILE_NAME =
  /^([A-Z][A-Z0-9_-]*)=([0-9]+)(?:(?:\s*,\s*|\s+)([0-9A-Z_-]{1,30}))?\s+([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{2})([0-9]{2})([0-9]{2})\.p12$/i;
const CREATED_AT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})$/;

/** Reads a keystore file name, or a path ending in one (`/` or `\` separators); null if it is not one. */
export function parseKeystoreFileName(fileName: string): KeystoreFileName | null {
  const base = String(fileName ?? '')
    .trim()
    .split(/[/\\]/)
    .pop() as string;
  const match = FILE_NAME.exec(base);
  if (!match) return null;
  const [, type, value, applicationId, year, month, day, hour, minute, second] = match as unknown as string[];
  const createdAt = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  if (!isValidLocalDateTime(createdAt)) return null;
  return {
    identifierType: (type as string).toUpperCase(),
    identifierValue: value as string,
    applicationId: applicationId ? applicationId.toUpperCase() : null,
    createdAt,
  };
}

/** The file name the eHealth tools would write; throws a RangeError on a field they could not write. */
export function formatKeystoreFileName(name: KeystoreFileName): string {
  if (!/^[A-Z][A-Z0-9_-]*$/.test(name.identifierType)) {
    throw new RangeError(`identifierType "${name.identifierType}" is not an eHealth identifier type.`);
  }
  if (!/^[0-9]+$/.test(name.identifierValue)) {
    throw new RangeError(`identifierValue "${name.identifierValue}" must be digits only.`);
  }
  if (name.applicationId !== null && !/^[0-9A-Z_-]{1,30}$/.test(name.applicationId)) {
    throw new RangeError(
      `applicationId "${name.applicationId}" must be 1 to 30 characters among A-Z, 0-9, _ and -.`,
    );
  }
  if (!isValidLocalDateTime(name.createdAt)) {
    throw new RangeError(
      `createdAt "${name.createdAt}" must be a date and time written YYYY-MM-DDTHH:mm:ss.`,
    );
  }
  const stamp = name.createdAt.replace(/-/g, '').replace('T', '-').replace(/:/g, '');
  const commonName =
    name.applicationId === null
      ? `${name.identifierType}=${name.identifierValue}`
      : `${name.identifierType}=${name.identifierValue}, ${name.applicationId}`;
  return `${commonName} ${stamp}.p12`;
}

function isValidLocalDateTime(text: string): boolean {
  const match = CREATED_AT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}
