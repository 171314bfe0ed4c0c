import { describe, expect, it } from '@jest/globals';
import { renderSetPasswordLink, type SetPasswordLinkInput } from './set-password-link.js';
import { TemplateInputError } from './validate.js';

const input: SetPasswordLinkInput = {
  languages: ['fr'],
  name: 'Nadia <b>Newcomer</b>',
  email: 'nadia@dupont.test',
  organisationNames: ['Cliniques & Co'],
  url: 'https://certdesk.test/set-password#token=cdl_abc',
  expiresAt: new Date('2026-11-13T09:00:00Z'),
};

describe('renderSetPasswordLink', () => {
  it('escapes every value in the HTML and shows the link as a button', () => {
    const { html, text } = renderSetPasswordLink(input);
    expect(html).toContain('Nadia &lt;b&gt;Newcomer&lt;/b&gt;');
    expect(html).toContain('Cliniques &amp; Co');
    expect(html).not.toContain('<b>');
    expect(html).toContain('href="https://certdesk.test/set-password#token=cdl_abc"');
    expect(text).toContain('Choisir mon mot de passe:\nhttps://certdesk.test/set-password#token=cdl_abc');
  });

  it('speaks of no organisation for a log-in that has none (a central administrator’s)', () => {
    const { text } = renderSetPasswordLink({ ...input, languages: ['en'], organisationNames: [] });
    expect(text).toContain('An administrator invites you to choose the password of your Certdesk log-in');
  });

  it.each([
    ['a javascript: link', { url: 'javascript:alert(1)' }],
    ['a relative link', { url: '/set-password#token=x' }],
    ['no name', { name: ' ' }],
    ['an invalid expiry', { expiresAt: new Date(Number.NaN) }],
    ['an unknown language', { languages: ['xx'] as never[] }],
  ])('refuses %s', (_, change) => {
    expect(() => renderSetPasswordLink({ ...input, ...change })).toThrow(TemplateInputError);
  });
});
