import { describe, expect, it } from '@jest/globals';
import { checkedLinkUrl, escapeHtml } from './html.js';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['Cliniques & Co', 'Cliniques &amp; Co'],
    [`"double" 'single'`, '&quot;double&quot; &#39;single&#39;'],
    ['&amp; already', '&amp;amp; already'],
    ['Zoë – Brüssel', 'Zoë – Brüssel'],
  ])('%s', (text, html) => {
    expect(escapeHtml(text)).toBe(html);
  });
});

describe('checkedLinkUrl', () => {
  it('keeps http(s) links', () => {
    expect(checkedLinkUrl('https://certdesk.example.be/certificates/1?a=1&b=2')).toBe(
      'https://certdesk.example.be/certificates/1?a=1&b=2',
    );
    expect(checkedLinkUrl('http://localhost:3000/c/1')).toBe('http://localhost:3000/c/1');
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', '/relative', 'mailto:a@b.be', ''])(
    'refuses %s',
    (url) => {
      expect(() => checkedLinkUrl(url)).toThrow(RangeError);
    },
  );
});
