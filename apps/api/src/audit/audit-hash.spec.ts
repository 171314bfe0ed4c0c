import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config/config.js';
import {
  auditEventHash,
  auditKey,
  GENESIS_HASH,
  unkeyedAuditEventHash,
  type AuditEventContent,
} from './audit-hash.js';

const SECRET_A = 'token-secret-a-that-is-long-enough-0000000';
const SECRET_B = 'token-secret-b-that-is-long-enough-0000000';

const event: AuditEventContent = {
  chain: 'global',
  organisationId: null,
  certificateId: null,
  actorUserId: null,
  actorLabel: 'system',
  occurredAt: '2026-01-05T09:00:00.000Z',
  action: 'organisation.created',
  before: null,
  after: { name: 'Ambulances Liège' },
  signature: null,
  previousHash: GENESIS_HASH,
};

describe('the audit key', () => {
  it('is derived from TOKEN_SECRET unless AUDIT_KEY is set, and never equals either', () => {
    const fromToken = auditKey({ auditKey: null, tokenSecret: SECRET_A });
    expect(fromToken).toHaveLength(32);
    expect(fromToken.toString('utf8')).not.toContain(SECRET_A.slice(0, 16));
    expect(auditKey({ auditKey: null, tokenSecret: SECRET_B }).equals(fromToken)).toBe(false);
  });

  it('survives a TOKEN_SECRET rotation when AUDIT_KEY is set to the old TOKEN_SECRET', () => {
    expect(
      auditKey({ auditKey: SECRET_A, tokenSecret: SECRET_B }).equals(
        auditKey({ auditKey: null, tokenSecret: SECRET_A }),
      ),
    ).toBe(true);
  });

  it('keys the hash: another key, or none (plain SHA-256), gives another hash', () => {
    const a = auditEventHash(event, auditKey({ auditKey: null, tokenSecret: SECRET_A }));
    const b = auditEventHash(event, auditKey({ auditKey: null, tokenSecret: SECRET_B }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
    expect(unkeyedAuditEventHash(event)).not.toBe(a);
  });

  it('is checked at start-up: AUDIT_KEY shorter than 32 characters stops the api, naming it', () => {
    const error = (() => {
      try {
        loadConfig({ TOKEN_SECRET: SECRET_A, AUDIT_KEY: 'short' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      { variable: 'AUDIT_KEY', message: expect.stringContaining('at least 32 characters') },
    ]);
  });
});
