// Where a webhook may point (issue 13). A webhook makes the installation send requests to an address an
// administrator typed: without these rules it could reach the installation's own network (SSRF). Pure rules: the
// api checks a URL when it is saved, the notifier again for every address a host name resolves to.
import { fail, ok, type Result } from './result.js';

/** Far beyond any real receiver's URL (Teams Workflows URLs are about 300 characters). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookUrlInvalidReason =
  'TOO_LONG' | 'NOT_A_URL' | 'SCHEME' | 'CREDENTIALS' | 'PRIVATE_ADDRESS' | 'CONTROL_CHARACTERS';

/**
 * A URL a webhook may be sent to: http(s), no user:password (they would be logged with the URL), and, unless
 * private networks are allowed, no loopback, private, link-local or otherwise non-public literal address nor
 * `localhost`. Host names are checked again by the sender once resolved.
 */
export function checkWebhookUrl(
  text: string,
  options: { allowPrivateNetworks: boolean },
): Result<URL, WebhookUrlInvalidReason> {
  if (text.length > MAX_WEBHOOK_URL_LENGTH)
    return fail('TOO_LONG', `A webhook URL is at most ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text))
    return fail('CONTROL_CHARACTERS', 'A webhook URL has no spaces nor control characters.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('NOT_A_URL', 'Give the receiver’s full URL, e.g. https://example.org/hooks/certdesk.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail('SCHEME', 'A webhook URL starts with https:// (or http://).');
  if (url.username || url.password)
    return fail(
      'CREDENTIALS',
      'Put no user name or password in a webhook URL: the signature authenticates us.',
    );
  if (!options.allowPrivateNetworks && !isPublicHost(url.hostname))
    return fail(
      'PRIVATE_ADDRESS',
      'This URL points to a loopback or private network address; the installation allows public receivers only ' +
        '(WEBHOOK_ALLOW_PRIVATE_NETWORKS).',
    );
  return ok(url);
}

/** Whether a URL's host (as URL.hostname gives it: IPv6 in brackets) may be a public receiver. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  if (host.startsWith('[')) return isPublicAddress(host.slice(1, -1));
  if (/^[\d.]+$/.test(host)) return isPublicAddress(host);
  return true;
}

/** Whether an IP address (v4 dotted, or v6 as URL.hostname or dns.lookup write it) is a public unicast one. */
export function isPublicAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== null) return isPublicIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6 === null) return false;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 address: judge that one.
  const mapped = v6.slice(0, 5).every((w) => w === 0) && v6[5] === 0xffff;
  const nat64 = v6[0] === 0x64 && v6[1] === 0xff9b && v6.slice(2, 6).every((w) => w === 0);
  if (mapped || nat64) return isPublicIpv4(((v6[6]! << 16) | v6[7]!) >>> 0);
  if (v6.every((w) => w === 0)) return false; // ::
  if (v6.slice(0, 7).every((w) => w === 0) && v6[7] === 1) return false; // ::1
  const first = v6[0]!;
  if ((first & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return false; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && v6[1] === 0x0db8) return false; // documentation
  return (first & 0xe000) === 0x2000; // 2000::/3: global unicast
}

const IPV4_BLOCKED: [number, number][] = [
  [0x00000000, 8], // "this" network
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata at 169.254.169.254)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // documentation
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // documentation
  [0xcb007100, 24], // documentation
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved and broadcast
];

function isPublicIpv4(address: number): boolean {
  return !IPV4_BLOCKED.some(([network, bits]) => address >>> (32 - bits) === network >>> (32 - bits));
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** Eight 16-bit words, or null; accepts `::` compression and a trailing dotted IPv4 part. */
function parseIpv6(text: string): number[] | null {
  let body = text.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!);
    if (v4 === null) return null;
    body = `${body.slice(0, -dotted[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const words = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing < 1 ? null : [...head, ...new Array<number>(missing).fill(0), ...tail];
}
