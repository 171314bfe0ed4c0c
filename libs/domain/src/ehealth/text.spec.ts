import { describe, expect, it } from '@jest/globals';
import { toEhealthUpperCase } from './text.js';

describe('toEhealthUpperCase: upper case without diacritics, as the eHealth tools write names', () => {
  it.each([
    ['Vlaams Agentschap Zorg en Gezondheid', 'VLAAMS AGENTSCHAP ZORG EN GEZONDHEID'],
    ['Hôpital Érasme', 'HOPITAL ERASME'],
    ['Clinique Saint-Luc', 'CLINIQUE SAINT-LUC'],
    ['Ambulances Müller & Søn', 'AMBULANCES MULLER & SON'],
    ['Œuvre Ça va', 'OEUVRE CA VA'],
    ['Straße', 'STRASSE'],
    ['  spaced   out  ', 'SPACED OUT'],
    ['vitalinkgateway', 'VITALINKGATEWAY'],
    ['app_id-2', 'APP_ID-2'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(toEhealthUpperCase(input)).toBe(expected);
  });
});
