import { describe, expect, it } from '@jest/globals';
import { foldLines } from './calendar-ics.js';

describe('foldLines', () => {
  it('folds at 75 octets, never inside a UTF-8 character, and unfolds back to the same text', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLines(`BEGIN:VCALENDAR\r\n${line}\r\nEND:VCALENDAR\r\n`);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`BEGIN:VCALENDAR\r\n${line}\r\nEND:VCALENDAR\r\n`);
    expect(folded).not.toContain('\uFFFD');
  });

  it('refolds what was folded by characters', () => {
    const byCharacters = `SUMMARY:${'ü'.repeat(66)}\r\n\t${'ü'.repeat(20)}\r\n`;
    const folded = foldLines(byCharacters);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'ü'.repeat(86)}\r\n`);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
  });
});
