import { describe, expect, it } from '@jest/globals';
import { keystoreLocation } from './keystore-records.js';

describe('keystoreLocation', () => {
  it.each([
    // [fileName, host, path] -> [host, path]
    ['ks.p12', null, null, '', ''],
    ['ks.p12', ' PC-1 ', '/home/marie/ehealth/keystore', 'PC-1', '/home/marie/ehealth/keystore'],
    ['ks.p12', 'PC-1', '/home/marie/ehealth/keystore/', 'PC-1', '/home/marie/ehealth/keystore'],
    ['ks.p12', 'PC-1', '/home/marie/ehealth/keystore/ks.p12', 'PC-1', '/home/marie/ehealth/keystore'],
    [
      'ks.p12',
      'PC-1',
      'C:\\Users\\marie\\ehealth\\keystore\\ks.p12',
      'PC-1',
      'C:\\Users\\marie\\ehealth\\keystore',
    ],
    ['ks.p12', 'PC-1', 'ks.p12', 'PC-1', ''],
    ['ks.p12', 'PC-1', '/', 'PC-1', '/'],
    ['ks.p12', 'PC-1', '/data/other.p12', 'PC-1', '/data/other.p12'],
  ])('%s on %s at %s is stored as host %j, folder %j', (fileName, host, path, expectedHost, expectedPath) => {
    expect(keystoreLocation({ fileName, host, path })).toEqual({
      fileName,
      host: expectedHost,
      path: expectedPath,
    });
  });
});
