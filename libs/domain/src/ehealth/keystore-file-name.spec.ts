import { describe, expect, it } from '@jest/globals';
import {
  formatKeystoreFileName,
  parseKeystoreFileName,
  type KeystoreFileName,
} from './keystore-file-name.js';

describe('parseKeystoreFileName', () => {
  it.each<[string, KeystoreFileName]>([
    // Seed 004.
    [
      'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
      {
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        applicationId: null,
        createdAt: '2019-05-07T14:43:22',
      },
    ],
    // Seed 001 (the SSIN there is blanked out; DOMAIN.md's illustration stands in).
    [
      'SSIN=85010112345 20160226-134804.p12',
      {
        identifierType: 'SSIN',
        identifierValue: '85010112345',
        applicationId: null,
        createdAt: '2016-02-26T13:48:04',
      },
    ],
    [
      'EHP=1990001916, VITALINKGATEWAY 20190507-144322.p12',
      {
        identifierType: 'EHP',
        identifierValue: '1990001916',
        applicationId: 'VITALINKGATEWAY',
        createdAt: '2019-05-07T14:43:22',
      },
    ],
    [
      'EHP=1990001916,VITALINKGATEWAY 20190507-144322.p12',
      {
        identifierType: 'EHP',
        identifierValue: '1990001916',
        applicationId: 'VITALINKGATEWAY',
        createdAt: '2019-05-07T14:43:22',
      },
    ],
    [
      'EHP=1990001916 VITALINKGATEWAY 20190507-144322.p12',
      {
        identifierType: 'EHP',
        identifierValue: '1990001916',
        applicationId: 'VITALINKGATEWAY',
        createdAt: '2019-05-07T14:43:22',
      },
    ],
    [
      'CBE=0566988259, APP_1-X 20240229-235959.P12',
      {
        identifierType: 'CBE',
        identifierValue: '0566988259',
        applicationId: 'APP_1-X',
        createdAt: '2024-02-29T23:59:59',
      },
    ],
    [
      'NIHII11=53886171521 20000101-000000.p12',
      {
        identifierType: 'NIHII11',
        identifierValue: '53886171521',
        applicationId: null,
        createdAt: '2000-01-01T00:00:00',
      },
    ],
    // Unknown types are read too (seed 004's OCR even shows "NIHI-AMBU_SERVICE").
    [
      'NIHI-AMBU_SERVICE=79609977 20190507-144322.p12',
      {
        identifierType: 'NIHI-AMBU_SERVICE',
        identifierValue: '79609977',
        applicationId: null,
        createdAt: '2019-05-07T14:43:22',
      },
    ],
  ])('%j', (fileName, expected) => {
    expect(parseKeystoreFileName(fileName)).toEqual(expected);
  });

  it.each([
    'C:\\Users\\jan\\ehealth\\keystore\\NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
    '/home/jan/ehealth/keystore/NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
    'keystore/NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
  ])('accepts a path: %j', (path) => {
    expect(parseKeystoreFileName(path)?.identifierValue).toBe('79609977');
  });

  it.each([
    ['the request file', 'NIHII-AMBU_SERVICE=79609977 20190507-144322.ehcsr'],
    ['no time stamp', 'NIHII-AMBU_SERVICE=79609977.p12'],
    ['no identifier', '20190507-144322.p12'],
    ['letters in the ID', 'SSIN=8501011234X 20160226-134804.p12'],
    ['month 13', 'SSIN=85010112345 20161326-134804.p12'],
    ['30 February', 'SSIN=85010112345 20160230-134804.p12'],
    ['29 February of a common year', 'SSIN=85010112345 20190229-134804.p12'],
    ['hour 24', 'SSIN=85010112345 20160226-244804.p12'],
    ['minute 60', 'SSIN=85010112345 20160226-136004.p12'],
    ['second 60', 'SSIN=85010112345 20160226-134860.p12'],
    ['short time stamp', 'SSIN=85010112345 2016022-134804.p12'],
    ['a copy suffix', 'SSIN=85010112345 20160226-134804 (1).p12'],
    ['an application ID that is too long', `EHP=1990001916, ${'A'.repeat(31)} 20190507-144322.p12`],
    ['any other file', 'keystore.p12'],
    ['empty', ''],
  ])('is null for %s', (_label, fileName) => {
    expect(parseKeystoreFileName(fileName)).toBeNull();
  });
});

describe('formatKeystoreFileName', () => {
  it.each([
    'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12',
    'SSIN=85010112345 20160226-134804.p12',
    'EHP=1990001916, VITALINKGATEWAY 20190507-144322.p12',
    'CBE=0566988259, APP_1-X 20240229-235959.p12',
  ])('writes back what it read: %j', (fileName) => {
    const parsed = parseKeystoreFileName(fileName);
    expect(parsed).not.toBeNull();
    expect(formatKeystoreFileName(parsed as KeystoreFileName)).toBe(fileName);
  });

  it('writes an application ID after the identifier, as in the CN', () => {
    expect(
      formatKeystoreFileName({
        identifierType: 'EHP',
        identifierValue: '1990001916',
        applicationId: 'VITALINKGATEWAY',
        createdAt: '2019-05-07T14:43:22',
      }),
    ).toBe('EHP=1990001916, VITALINKGATEWAY 20190507-144322.p12');
  });

  it.each<[string, Partial<KeystoreFileName>, RegExp]>([
    ['a lower-case type', { identifierType: 'ssin' }, /identifierType/],
    ['a non-digit ID', { identifierValue: '85O10112345' }, /identifierValue/],
    ['a bad application ID', { applicationId: 'with space' }, /applicationId/],
    ['a zoned time', { createdAt: '2016-02-26T13:48:04Z' }, /createdAt/],
    ['an impossible date', { createdAt: '2016-02-30T13:48:04' }, /createdAt/],
  ])('refuses %s', (_label, change, message) => {
    const name: KeystoreFileName = {
      identifierType: 'SSIN',
      identifierValue: '85010112345',
      applicationId: null,
      createdAt: '2016-02-26T13:48:04',
      ...change,
    };
    expect(() => formatKeystoreFileName(name)).toThrow(message);
  });
});
