import { describe, expect, it } from '@jest/globals';
import { RENEWAL_PHASES } from '@certdesk/domain';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';
import { initialLanguage } from './i18n.js';

/** Every path to a leaf of a dictionary, with the leaf's kind (string or function arity). */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') return [`${path}: function/${value.length}`];
  if (typeof value === 'string') return [`${path}: string`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => shape(v, `${path}.${key}`));
}

describe('the dictionaries', () => {
  it.each([
    ['fr', fr],
    ['nl', nl],
  ])('%s has every English message, of the same kind', (_language, messages) => {
    const missing = shape(en).filter((leaf) => !shape(messages).includes(leaf));
    expect(missing).toEqual([]);
  });

  it.each([
    ['en', en],
    ['fr', fr],
    ['nl', nl],
  ])('%s translates no message as empty text', (_language, messages) => {
    const empty = shape(messages).filter((leaf) => {
      const value = leaf
        .split(': ')[0]!
        .split('.')
        .slice(1)
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages);
      return typeof value === 'string' && value.trim() === '';
    });
    expect(empty).toEqual([]);
  });

  it('English takes the renewal phases from libs/domain, and French and Dutch explain each of them', () => {
    for (const phase of RENEWAL_PHASES) {
      expect(en.renewal.phases[phase.state]).toEqual({ title: phase.title, whatItMeans: phase.whatItMeans });
      expect(fr.renewal.phases[phase.state].whatItMeans).not.toBe(phase.whatItMeans);
      expect(nl.renewal.phases[phase.state].whatItMeans).not.toBe(phase.whatItMeans);
    }
  });

  it.each([
    [0, 'expires today', "expire aujourd'hui", 'vervalt vandaag'],
    [1, '1 day left', 'reste 1 jour', 'nog 1 dag'],
    [45, '45 days left', 'restent 45 jours', 'nog 45 dagen'],
    [-1, 'expired 1 day ago', 'expiré depuis 1 jour', '1 dag geleden vervallen'],
    [-3, 'expired 3 days ago', 'expiré depuis 3 jours', '3 dagen geleden vervallen'],
  ])('days left %i reads "%s" / "%s" / "%s"', (days, english, french, dutch) => {
    expect([en, fr, nl].map((m) => m.certificates.daysLeft(days))).toEqual([english, french, dutch]);
  });
});

describe('initialLanguage', () => {
  it.each([
    ['nl', ['fr-BE'], 'nl'],
    [null, ['nl-BE', 'fr'], 'nl'],
    [null, ['de-DE', 'en-US'], 'en'],
    [null, ['de-DE'], 'fr'],
    [null, [], 'fr'],
    ['xx', ['en'], 'en'],
  ] as const)('stored %s, browser %j: %s', (stored, browser, expected) => {
    expect(initialLanguage(stored, browser)).toBe(expected);
  });
});
