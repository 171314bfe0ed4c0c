// Everything a mail shows comes from data (holder names, organisation names, paths typed by people), so every
// piece of text that reaches the HTML goes through escapeHtml, in one place: the renderer in document.ts.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/** Text as HTML text or attribute value (quoted): `<script>` and `Cliniques & Co` show as written. */
export function escapeHtml(text: string): string {
  const value = String(text);
  // Most text has nothing to escape; testing first spares a replace per piece of a mail.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (char) => ENTITIES[char] ?? char) : value;
}

/**
 * A link target for a mail: only absolute http(s) URLs, so a `javascript:` or relative value in the data cannot
 * become a link. Throws a RangeError naming the bad value.
 */
export function checkedLinkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`A certificate's page must be an absolute http(s) URL, got "${String(url)}".`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RangeError(`A certificate's page must be an http(s) URL, got "${String(url)}".`);
  }
  return parsed.href;
}
