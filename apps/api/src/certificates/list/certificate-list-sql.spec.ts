import { describe, expect, it } from '@jest/globals';
import { daysLeftBound, statusThresholds } from '@certdesk/domain';
import { certificateListSql, decodeCursor, encodeCursor } from './certificate-list-sql.js';
import { neutraliseFormula } from './certificate-csv.js';
import { containsPattern } from './sql-params.js';

const now = new Date('2026-03-28T10:00:00Z');
const page = { sort: 'notAfter', direction: 'asc', limit: 51 } as const;

describe('certificateListSql', () => {
  it('binds the status bounds libs/domain gives, never a number of days of its own', () => {
    const { text, values } = certificateListSql({ statuses: ['renewable'] }, null, page, now);
    expect(text).not.toMatch(/\b90\b/);
    expect(values).toContainEqual(statusThresholds(now).now);
    expect(values).toContainEqual(statusThresholds(now).renewableBefore);
  });

  it('bounds days left with daysLeftBound, excluding expired certificates', () => {
    const { text, values } = certificateListSql({ expiresWithinDays: 30 }, null, page, now);
    expect(values).toContainEqual(daysLeftBound(now, 30));
    expect(text).toContain('c.not_after >= $');
  });

  it('scopes to the visible organisations, and to active certificates by default', () => {
    const { text, values } = certificateListSql({}, ['a', 'b'], page, now);
    expect(text).toContain('c.organisation_id = ANY($1::uuid[])');
    expect(values.slice(0, 2)).toEqual([['a', 'b'], 'active']);
  });

  it('continues after the cursor in the sort direction, the id breaking ties', () => {
    const after = { keys: ['2027-01-01 00:00:00.123456+00'], id: '00000000-0000-4000-8000-000000000001' };
    expect(certificateListSql({}, null, { ...page, after }, now).text).toContain(
      '(c.not_after, c.id) > ($2::timestamptz, $3::uuid)',
    );
    expect(certificateListSql({}, null, { ...page, direction: 'desc', after }, now).text).toContain(
      '(c.not_after, c.id) < ($2::timestamptz, $3::uuid)',
    );
  });
});

describe('cursors', () => {
  const cursor = { keys: ['NIHII', '79609977'], id: '00000000-0000-4000-8000-000000000001' };

  it('round-trip for the sort they were made for', () => {
    expect(decodeCursor(encodeCursor('identifier', 'asc', cursor), 'identifier', 'asc')).toEqual(cursor);
  });

  it.each([
    ['another sort', encodeCursor('identifier', 'asc', cursor), 'holder' as const],
    ['another direction', encodeCursor('identifier', 'desc', cursor), 'identifier' as const],
    ['garbage', 'not a cursor', 'identifier' as const],
    [
      'a bad timestamp',
      encodeCursor('notAfter', 'asc', { keys: ["now()'"], id: cursor.id }),
      'notAfter' as const,
    ],
    ['a bad id', encodeCursor('holder', 'asc', { keys: ['X'], id: "1' OR 1=1" }), 'holder' as const],
  ])('are refused with INVALID_CURSOR for %s', (_, text, sort) => {
    expect(() => decodeCursor(text, sort, 'asc')).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ code: 'INVALID_CURSOR' }) }),
    );
  });
});

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+32 2 000 00 00', "'+32 2 000 00 00"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['AMBULANCES DE NAMUR', 'AMBULANCES DE NAMUR'],
    ['CN=EHP=1990001916', 'CN=EHP=1990001916'],
  ])('%j -> %j', (input, output) => expect(neutraliseFormula(input)).toBe(output));
});

describe('containsPattern', () => {
  it('takes LIKE wildcards literally', () => expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%'));
});
