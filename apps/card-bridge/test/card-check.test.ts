// "Check my card" through the real certdesk-card-bridge command, on SoftHSM2 tokens provisioned like eID cards: the
// middleware's C_GetInfo, the reader, the applet's key type, each certificate's validity today and through the renewal
// window, and the problems in plain words. Never asks the PIN.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CARD_BRIDGE_ROUTES, type CardCheckDto } from '@certdesk/contracts';
import { type BridgeCommand, PAIRING_CODE_LINE, startBridgeCommand } from '../src/testing/index.js';
import { DASHBOARD_ORIGIN, call } from './support/http.js';
import { type EidToken, provisionEidToken } from './support/softhsm.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;

interface PairedBridge {
  token: EidToken;
  bridge: BridgeCommand;
  pairingToken: string;
}

async function startPaired(token: EidToken): Promise<PairedBridge> {
  const bridge = await startBridgeCommand(token, [DASHBOARD_ORIGIN]);
  const code = (await bridge.waitForOutput(PAIRING_CODE_LINE))[1]!;
  const paired = await call(bridge.port, { path: CARD_BRIDGE_ROUTES.pair, body: { code } });
  return { token, bridge, pairingToken: paired.body.token as string };
}

const checkCard = (
  { bridge, pairingToken }: PairedBridge,
  body: unknown = {},
  bearer: string | null = pairingToken,
) => call(bridge.port, { path: CARD_BRIDGE_ROUTES.checkCard, body, token: bearer ?? undefined });

describe('checking the manager’s card, through the bridge command', () => {
  const started: PairedBridge[] = [];
  let rsa: PairedBridge;
  let ecEndingSoon: PairedBridge;
  let expired: PairedBridge;

  // Tokens, keys, keystores and the bridge's build take tens of seconds on a loaded machine.
  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      [join(packageDir, '../../node_modules/typescript/bin/tsc'), '-b', 'tsconfig.lib.json'],
      { cwd: packageDir },
    );
    rsa = await startPaired(await provisionEidToken('RSA-2048'));
    started.push(rsa);
    ecEndingSoon = await startPaired(
      await provisionEidToken('EC-P384', {
        notBefore: new Date(Date.now() - 3 * 365 * DAY),
        notAfter: new Date(Date.now() + 30 * DAY),
      }),
    );
    started.push(ecEndingSoon);
    expired = await startPaired(
      await provisionEidToken('RSA-2048', {
        notBefore: new Date(Date.now() - 10 * 365 * DAY),
        notAfter: new Date(Date.now() - 12 * DAY),
      }),
    );
    started.push(expired);
  }, 180_000);

  afterAll(async () => {
    for (const { bridge, token } of started) {
      await bridge.stop();
      await token.cleanup();
    }
  });

  it('an RSA card: middleware, reader, key type, certificates valid through the window', async () => {
    const until = new Date(Date.now() + 90 * DAY).toISOString();
    const answer = await checkCard(rsa, { mustStayValidUntil: until });
    expect(answer.status).toBe(200);
    const check = answer.body as CardCheckDto;
    expect(check).toMatchObject({
      ready: true,
      tokenPresent: true,
      mustStayValidUntil: until,
      middleware: { found: true, manufacturer: expect.stringMatching(/SoftHSM/i) },
      card: {
        tokenLabel: 'BELPIC',
        holder: { name: 'Jan Pieter Peeters' },
        appletKeyType: 'RSA',
        appletKeyTypeSource: expect.stringMatching(/^signature-(key|certificate)$/),
      },
    });
    expect(check.middleware.libraryVersion).toMatch(/^\d+\.\d+$/);
    expect(check.readers.some((reader) => reader.cardPresent)).toBe(true);
    expect(check.card!.certificates.map((c) => [c.label, c.validToday, c.validUntilRequired])).toEqual([
      ['Authentication', true, true],
      ['Signature', true, true],
      ['CA', true, true],
      ['Root', true, true],
    ]);
    expect(check.problems.filter((p) => p.severity !== 'note')).toEqual([]);
  });

  it('an EC card ending inside the renewal window: EC, a warning with the day, and what Certdesk cannot know', async () => {
    const until = new Date(Date.now() + 90 * DAY);
    const check = (await checkCard(ecEndingSoon, { mustStayValidUntil: until.toISOString() }))
      .body as CardCheckDto;
    expect(check.card!.appletKeyType).toBe('EC');
    expect(check.ready).toBe(true);
    const codes = check.problems.map((p) => [p.code, p.severity, p.certificate ?? null]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['CERTIFICATE_EXPIRES_TOO_SOON', 'warning', 'Signature'],
        ['CERTIFICATE_EXPIRES_TOO_SOON', 'warning', 'Authentication'],
        ['EC_CARD_TOOL_SUPPORT_NOT_KNOWN', 'note', null],
      ]),
    );
    const signature = check.problems.find(
      (p) => p.code === 'CERTIFICATE_EXPIRES_TOO_SOON' && p.certificate === 'Signature',
    )!;
    expect(signature.message).toContain(`before ${until.toISOString().slice(0, 10)}`);
  });

  it('an expired card certificate is reported plainly, with its date, and the card is not ready', async () => {
    const check = (await checkCard(expired)).body as CardCheckDto;
    expect(check.ready).toBe(false);
    const signature = check.problems.find(
      (p) => p.code === 'CERTIFICATE_EXPIRED' && p.certificate === 'Signature',
    )!;
    expect(signature).toMatchObject({ severity: 'blocking' });
    expect(signature.message).toMatch(
      /^The card's Signature certificate expired on \d{4}-\d{2}-\d{2}: the eHealth certificate tool cannot sign with it/,
    );
    expect(check.card!.certificates.find((c) => c.label === 'Signature')).toMatchObject({
      validToday: false,
      validUntilRequired: null,
    });
  });

  it('no card in the reader: said plainly, not an error', async () => {
    const other = await startPaired(await provisionEidToken('RSA-2048'));
    started.push(other);
    await other.token.remove();
    const check = (await checkCard(other)).body as CardCheckDto;
    expect(check).toMatchObject({ ready: false, tokenPresent: false, card: null });
    expect(check.problems[0]).toMatchObject({ code: 'NO_CARD', severity: 'blocking' });
  });

  it.each([
    ['an unknown field', { pin: '1234' }, /never takes a PIN/],
    ['a date that is not one', { mustStayValidUntil: '2027-02-30T00:00:00Z' }, /real date|ISO 8601/],
    ['a sentence', { mustStayValidUntil: 'next spring' }, /ISO 8601/],
    ['control characters', { mustStayValidUntil: '2027-01-01\u0000' }, /ISO 8601/],
    ['a huge value', { mustStayValidUntil: '2'.repeat(10_000) }, /mustStayValidUntil/],
    ['a nested object', { mustStayValidUntil: { date: '2027-01-01' } }, /mustStayValidUntil/],
  ])('refuses %s (400)', async (_what, body, message) => {
    const answer = await checkCard(rsa, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('refuses an unpaired caller', async () => {
    expect((await checkCard(rsa, {}, null)).body.error.code).toBe('PAIRING_REQUIRED');
    expect((await checkCard(rsa, {}, 'forged')).status).toBe(401);
  });
});
