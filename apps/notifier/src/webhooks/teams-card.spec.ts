import { describe, expect, it } from '@jest/globals';
import type { WebhookPayload } from '@certdesk/contracts';
import { teamsMessage } from './teams-card.js';

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
