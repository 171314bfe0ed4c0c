import { describe, expect, it } from '@jest/globals';
import { checkKeystorePassword, type KeystorePasswordRule } from './password-policy.js';

const failedRules = (password: string, confirmation?: string) =>
  checkKeystorePassword(password, confirmation === undefined ? {} : { confirmation }).failed.map(
    (f) => f.rule,
  );

describe('checkKeystorePassword: the eHealth tool checks', () => {
  it.each<[string, string, KeystorePasswordRule[]]>([
    ['8 letters and a digit', 'abcdefg1', []],
    ['a symbol instead of a digit', 'abcdefg!', []],
    ['only digits', '12345678', []],
    ['only symbols', '!@#$%^&*', []],
    ['a long passphrase with a space and a digit', 'correct horse battery 9', []],
    ['every ASCII symbol counts', 'abcdefg~', []],
    ['backslash and quotes count', 'abcdefg\\"\'', []],
    ['7 characters', 'abcde1!', ['MIN_LENGTH']],
    ['empty', '', ['MIN_LENGTH', 'DIGIT_OR_SYMBOL']],
    ['letters only', 'abcdefgh', ['DIGIT_OR_SYMBOL']],
    ['a space is not a symbol', 'abcd efgh', ['DIGIT_OR_SYMBOL']],
    ['short, letters only', 'abc', ['MIN_LENGTH', 'DIGIT_OR_SYMBOL']],
    ['an accented letter (é)', 'motdepassé1', ['ACCEPTED_CHARACTERS']],
    [
      'an accented letter (è), short, no digit',
      'crème',
      ['MIN_LENGTH', 'ACCEPTED_CHARACTERS', 'DIGIT_OR_SYMBOL'],
    ],
    ['ç', 'garçon123', ['ACCEPTED_CHARACTERS']],
    ['an emoji', 'password🙂1', ['ACCEPTED_CHARACTERS']],
    [
      'a non-ASCII symbol does not count as a symbol',
      'password€',
      ['ACCEPTED_CHARACTERS', 'DIGIT_OR_SYMBOL'],
    ],
    ['a tab', 'pass\tword1', ['ACCEPTED_CHARACTERS']],
    ['a non-breaking space', 'pass\u00a0word1', ['ACCEPTED_CHARACTERS']],
  ])('%s', (_label, password, rules) => {
    expect(failedRules(password)).toEqual(rules);
    expect(checkKeystorePassword(password).ok).toBe(rules.length === 0);
  });

  it('counts characters, not UTF-16 units (an emoji is one character)', () => {
    expect(failedRules('🙂🙂🙂🙂1')).toContain('MIN_LENGTH');
  });

  it('checks the confirmation when one is given', () => {
    expect(failedRules('abcdefg1', 'abcdefg1')).toEqual([]);
    expect(failedRules('abcdefg1', 'abcdefg2')).toEqual(['CONFIRMATION_MATCHES']);
    expect(failedRules('abc', '')).toEqual(['MIN_LENGTH', 'DIGIT_OR_SYMBOL', 'CONFIRMATION_MATCHES']);
  });

  it('names each failed rule with a message, and never repeats the password', () => {
    const password = 'crème';
    const check = checkKeystorePassword(password, { confirmation: 'crèma' });
    expect(check.ok).toBe(false);
    for (const failure of check.failed) {
      expect(failure.message.length).toBeGreaterThan(5);
      expect(failure.message).not.toContain(password);
      expect(failure.message).not.toContain('crèma');
    }
  });

  it('does not throw on a non-string from an untyped caller', () => {
    expect(checkKeystorePassword(undefined as unknown as string).ok).toBe(false);
  });
});
