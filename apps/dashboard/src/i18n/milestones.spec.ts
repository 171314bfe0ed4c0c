import { describe, expect, it } from '@jest/globals';
import { en } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';

// An organisation's reminder days in words: day 0 is the expiry day itself, never "the day before expiry".
describe("an organisation's reminder milestones in words", () => {
  it.each([
    [
      [90, 30, 0],
      '90 days, 30 days before expiry, and on the expiry day',
      "90 jours, 30 jours avant l'expiration, et le jour de l'expiration",
      '90 dagen, 30 dagen voor de vervaldag, en op de vervaldag',
    ],
    [[0], 'on the expiry day', "le jour de l'expiration", 'op de vervaldag'],
    [[1], '1 day before expiry', "1 jour avant l'expiration", '1 dag voor de vervaldag'],
    [[], '—', '—', '—'],
  ])('%j reads "%s" / "%s" / "%s"', (days, english, french, dutch) => {
    expect([en, fr, nl].map((m) => m.organisations.milestoneList(days))).toEqual([english, french, dutch]);
  });
});
