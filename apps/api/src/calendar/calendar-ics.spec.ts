import { describe, expect, it } from '@jest/globals';
import { calendarValidator, foldLines } from './calendar-ics.js';

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

describe('calendarValidator', () => {
  const calendar = (stamp: string, summary: string) =>
    [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      `DTSTAMP:${stamp}`,
      `SUMMARY:${summary}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');

  it('is a weak ETag that the instant of writing (DTSTAMP) does not change, and any other line does', () => {
    const tag = calendarValidator(calendar('20261205T100000Z', 'expires'));
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{43}"$/);
    expect(calendarValidator(calendar('20261205T100001Z', 'expires'))).toBe(tag);
    expect(calendarValidator(calendar('20261205T100000Z', 'expires soon'))).not.toBe(tag);
  });
});
