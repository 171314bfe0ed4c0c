import { describe, expect, it } from '@jest/globals';
import { reminderLine, visibleText } from '../../test/templates/reminder-line.js';
import { renderDeploymentNotice, TemplateInputError } from './index.js';

const renewed = reminderLine({
  renewalState: 'phase3-etk-activated',
  notAfter: new Date('2029-03-01T10:00:00Z'),
  daysLeft: 1100,
  milestone: 90,
});

describe('renderDeploymentNotice', () => {
  it('tells the software contact to install the new keystore, and how', () => {
    const mail = renderDeploymentNotice({
      languages: ['en'],
      organisationName: 'Ambulances de la Senne',
      line: renewed,
      software: 'EMSR client',
      integrator: 'CareSoft SA',
    });
    expect(mail.subject).toBe('eHealth NIHII-AMBU_SERVICE=79609977: new keystore to install in EMSR client');
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain(
        'The eHealth certificate NIHII-AMBU_SERVICE=79609977 of Ambulances de la Senne was renewed and its new ETK activated (phase 3): the old certificate is deactivated. The software "EMSR client" (CareSoft SA) uses it and must be given the new keystore.',
      );
      expect(body).toContain('Install the new keystore');
      expect(body).toContain('Ask the certificate manager for the new keystore (.p12) and its new password');
      expect(body).toContain('Install it in "EMSR client" in place of the old one, or ask CareSoft SA to.');
      expect(body).toContain('Anne Dubois');
      expect(body).toContain('PC-ACCUEIL: C:\\Users\\anne');
      expect(body).toContain('Phase 3 – "Activate your renewal ETK"');
      expect(body).toContain('Keystore password lost');
      expect(body).toContain('You receive this message as the contact of the software "EMSR client"');
    }
    // It is about installing, not about an expiry.
    expect(mail.text).not.toContain('Valid until');
    expect(mail.text).not.toContain('Days left');
    expect(mail.text).toMatch(/^1\. Ask the certificate manager/m);
  });

  it.each([
    [
      'fr',
      'nouveau keystore à installer dans EMSR client',
      'Installez-le dans « EMSR client » à la place de l’ancien.',
    ],
    [
      'nl',
      'nieuwe keystore te installeren in EMSR client',
      'Installeer hem in „EMSR client” in de plaats van de oude.',
    ],
    [
      'de',
      'neuen Keystore in EMSR client installieren',
      'Installieren Sie ihn in „EMSR client“ anstelle des alten.',
    ],
  ] as const)('%s, without an integrator', (language, subject, step) => {
    const mail = renderDeploymentNotice({
      languages: [language],
      organisationName: 'O',
      line: renewed,
      software: 'EMSR client',
      integrator: null,
    });
    expect(mail.subject).toContain(subject);
    expect(mail.text).toContain(step);
  });

  it('escapes the software and integrator names', () => {
    const mail = renderDeploymentNotice({
      languages: ['en'],
      organisationName: 'O',
      line: renewed,
      software: '"><img src=x onerror=alert(1)>',
      integrator: 'A & B',
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('A &amp; B');
    expect(mail.subject).toContain('"><img src=x onerror=alert(1)>');
  });

  it('keeps line breaks in a name out of the subject', () => {
    const mail = renderDeploymentNotice({
      languages: ['en'],
      organisationName: 'O',
      line: renewed,
      software: 'Soft\r\nBcc: x@example.com',
      integrator: null,
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Soft Bcc: x@example.com');
  });

  it('refuses a deployment without software', () => {
    expect(() =>
      renderDeploymentNotice({
        languages: ['en'],
        organisationName: 'O',
        line: renewed,
        software: '',
        integrator: null,
      }),
    ).toThrow(TemplateInputError);
  });
});
