import { describe, expect, it } from '@jest/globals';
import type { WebhookPayload } from '@certdesk/contracts';
import { plainFact, teamsMessage } from './teams-card.js';

const expiring = (muted: boolean): WebhookPayload<'certificate.expiring'> => ({
  type: 'certificate.expiring',
  timestamp: '2026-12-03T05:00:01.204Z',
  data: {
    organisation: { id: 'o1', name: 'Ambulances Dupont' },
    certificate: {
      id: 'c1',
      subject: 'CN="CBE=0820563481, AMBU"',
      notAfter: '2027-01-02T10:00:00.000Z',
      environment: 'production',
      url: 'https://certdesk.example.org/certificates/c1',
    },
    milestone: 30,
    daysLeft: 30,
    muted,
  },
});

const factsOf = (payload: WebhookPayload, language: 'en' | 'fr' | 'nl' = 'en') => {
  const body = teamsMessage(payload, language, 'https://certdesk.example.org').attachments[0]!.content
    .body as {
    type: string;
    facts?: { title: string; value: string }[];
  }[];
  return body.find((block) => block.type === 'FactSet')!.facts!;
};

describe('the Teams card of a muted certificate (issue 13)', () => {
  it('says its reminders are muted, in the card’s language', () => {
    expect(factsOf(expiring(true))).toContainEqual({ title: 'Reminders muted', value: 'yes' });
    expect(factsOf(expiring(true), 'fr')).toContainEqual({ title: 'Rappels en sourdine', value: 'oui' });
    expect(factsOf(expiring(true), 'nl')).toContainEqual({ title: 'Herinneringen gedempt', value: 'ja' });
  });

  it('says nothing of muting when the certificate is not muted', () => {
    expect(factsOf(expiring(false)).map((fact) => fact.title)).not.toContain('Reminders muted');
  });
});

describe('a Teams card fact (hostile text)', () => {
  const revoked = (reason: string, name = 'Ambulances Dupont'): WebhookPayload =>
    ({
      type: 'certificate.revoked',
      timestamp: '2026-12-03T05:00:01.204Z',
      data: {
        organisation: { id: 'o1', name },
        certificate: { ...expiring(false).data.certificate },
        reason,
        revokedOn: '2026-12-03',
      },
    }) as unknown as WebhookPayload;
  const linkInMarkdown = /\[[^\]]*\]\s*\(/;

  it('cannot carry a Markdown link: a reason or a name keeps its text, without a link Teams would render', () => {
    const facts = factsOf(
      revoked('[Renew now](https://evil.example/login)', '[Certdesk] (https://evil.example)'),
    );
    for (const fact of facts) expect(fact.value).not.toMatch(linkInMarkdown);
    const reason = facts.find((fact) => fact.title === 'Reason')!.value;
    expect(reason.replace(/\u200b/g, '')).toBe('[Renew now](https://evil.example/login)');
  });

  it('is one line: control characters and line breaks become a space', () => {
    expect(plainFact('key lost\r\n\u0007- [x](y)')).toBe('key lost - [x]\u200b(y)');
  });

  it('leaves ordinary text alone, brackets and parentheses included', () => {
    expect(plainFact('CN="CBE=0820563481, AMBU (Namur)" [test]')).toBe(
      'CN="CBE=0820563481, AMBU (Namur)" [test]',
    );
  });
});
