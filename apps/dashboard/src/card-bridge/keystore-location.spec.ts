import { describe, expect, it } from '@jest/globals';
import { locationOf, namesNoKeystoreFile, recordedKeystoreFile } from './keystore-location.js';

const fileName = 'CBE=0796088896 20240301-101500.p12';
const recorded = (path: string | null) => ({ fileName, path });

describe('recordedKeystoreFile', () => {
  it.each([
    ['/home/jana/ehealth/keystore', `/home/jana/ehealth/keystore/${fileName}`],
    ['/home/jana/ehealth/keystore/', `/home/jana/ehealth/keystore/${fileName}`],
    ['C:\\Users\\jana\\ehealth\\keystore', `C:\\Users\\jana\\ehealth\\keystore\\${fileName}`],
    ['\\\\server\\share\\keystore\\', `\\\\server\\share\\keystore\\${fileName}`],
    ['C:/Users/jana/keystore', `C:/Users/jana/keystore/${fileName}`],
    ['/', `/${fileName}`],
  ])('the folder %s and the file name make the keystore file %s', (folder, file) => {
    expect(recordedKeystoreFile(recorded(folder))).toBe(file);
  });

  it('is the file name alone when the folder is not known', () => {
    expect(recordedKeystoreFile(recorded(null))).toBe(fileName);
    expect(recordedKeystoreFile(recorded('  '))).toBe(fileName);
  });

  it('is empty when no keystore is recorded', () => {
    expect(recordedKeystoreFile(null)).toBe('');
  });

  it('asks the bridge for a full path by path and for anything else by file name', () => {
    expect(locationOf(recordedKeystoreFile(recorded('/srv/keystore')))).toEqual({
      path: `/srv/keystore/${fileName}`,
    });
    expect(locationOf(fileName)).toEqual({ fileName });
  });
});

describe('namesNoKeystoreFile', () => {
  it.each(['/home/jana/ehealth/keystore', 'C:\\Users\\jana\\ehealth\\keystore\\', '/home/jana/notes.txt'])(
    'the path %s names no keystore file',
    (path) => {
      expect(namesNoKeystoreFile(locationOf(path))).toBe(true);
    },
  );

  it.each([`/srv/keystore/${fileName}`, 'C:\\keystore\\old.PFX', fileName, 'keystore'])(
    '%s is left to the bridge',
    (text) => {
      expect(namesNoKeystoreFile(locationOf(text))).toBe(false);
    },
  );
});
