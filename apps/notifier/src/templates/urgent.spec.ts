import { describe, expect, it } from '@jest/globals';
import { reminderLine, visibleText } from '../../test/templates/reminder-line.js';
import { LANGUAGES, renderUrgent, TemplateInputError } from './index.js';

const inThreeDays = reminderLine({ notAfter: new Date('2026-02-05T16:00:00Z'), daysLeft: 3, milestone: 3 });

describe('renderUrgent', () => {
  it.each([
    [
      'fr',
      'URGENT, expire dans 3 jours (05/02/2026)',
      'Il ne reste que 3 jours : le certificat eHealth NIHII-AMBU_SERVICE=79609977 (Ambulances de la Senne) expire le 5 février 2026.',
      'Phase 1 – « Renouvelez votre certificat eHealth »',
      'Mot de passe oublié',
    ],
    [
      'nl',
      'DRINGEND, vervalt over 3 dagen (05/02/2026)',
      'Nog maar 3 dagen: het eHealth-certificaat NIHII-AMBU_SERVICE=79609977 van Ambulances de la Senne vervalt op 5 februari 2026.',
      'Fase 1 – „Vernieuw uw eHealth-certificaat”',
      'Wachtwoord vergeten',
    ],
    [
      'de',
      'DRINGEND, läuft in 3 Tagen ab (05.02.2026)',
      'Nur noch 3 Tage: Das eHealth-Zertifikat NIHII-AMBU_SERVICE=79609977 von Ambulances de la Senne läuft am 5. Februar 2026 ab.',
      'Phase 1 – „Ihr eHealth-Zertifikat erneuern“',
      'Passwort vergessen',
    ],
    [
      'en',
      'URGENT, expires in 3 days (05/02/2026)',
      'Only 3 days left: the eHealth certificate NIHII-AMBU_SERVICE=79609977 of Ambulances de la Senne expires on 5 February 2026.',
      'Phase 1 – "Renew your eHealth certificate"',
      'Forgotten password',
    ],
  ] as const)(
    '%s: one certificate, how many days, and what to do today',
    (language, subject, intro, phase, reason) => {
      const mail = renderUrgent({
        languages: [language],
        organisationName: 'Ambulances de la Senne',
        line: inThreeDays,
      });
      expect(mail.subject).toBe(`eHealth NIHII-AMBU_SERVICE=79609977: ${subject}`);
      for (const body of [mail.text, visibleText(mail.html)]) {
        expect(body).toContain(intro);
        expect(body).toContain(phase);
        expect(body).toContain(reason);
        expect(body).toContain('Anne Dubois');
      }
      expect(mail.text).toMatch(/^\* NIHII-AMBU_SERVICE=79609977 \[(URGENT|DRINGEND)\]$/m);
    },
  );

  it.each([
    [
      0,
      'URGENT, expires today (05/02/2026)',
      'expires today, 5 February 2026',
      'Days left: 0, expires today',
    ],
    [1, 'URGENT, expires tomorrow (05/02/2026)', 'Only 1 day left', 'Days left: 1 day, expires tomorrow'],
  ])('%i days left reads naturally', (daysLeft, subject, intro, fact) => {
    const mail = renderUrgent({
      languages: ['en'],
      organisationName: 'O',
      line: { ...inThreeDays, daysLeft, milestone: daysLeft },
    });
    expect(mail.subject).toContain(subject);
    expect(mail.text).toContain(intro);
    expect(mail.text).toContain(fact);
  });

  it('an expired certificate says it has expired and that a new request is needed', () => {
    const mail = renderUrgent({
      languages: ['fr', 'nl'],
      organisationName: 'O',
      line: { ...inThreeDays, daysLeft: -1, milestone: 'expired' },
    });
    expect(mail.subject).toBe(
      'eHealth NIHII-AMBU_SERVICE=79609977: expiré le 05/02/2026 / vervallen op 05/02/2026',
    );
    expect(mail.text).toContain('a expiré le 5 février 2026');
    expect(mail.text).toContain('Un certificat expiré ne peut plus être renouvelé');
    expect(mail.text).toContain('is vervallen op 5 februari 2026');
  });

  it('marks an acceptance certificate in the subject and the card', () => {
    const mail = renderUrgent({
      languages: ['de', 'en'],
      organisationName: 'O',
      line: { ...inThreeDays, environment: 'acceptance' },
    });
    expect(mail.subject.startsWith('[AKZEPTANZ/ACCEPTANCE] eHealth NIHII-AMBU_SERVICE=79609977: ')).toBe(
      true,
    );
    expect(mail.text).toContain('[DRINGEND] [AKZEPTANZ]');
    expect(mail.text).toContain('[URGENT] [ACCEPTANCE]');
  });

  it('escapes the organisation name in the HTML', () => {
    const mail = renderUrgent({
      languages: ['en'],
      organisationName: '<script>x</script> & Co',
      line: inThreeDays,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain('<script>x</script> & Co');
  });

  it('refuses a missing organisation name', () => {
    expect(() => renderUrgent({ languages: ['en'], organisationName: ' ', line: inThreeDays })).toThrow(
      TemplateInputError,
    );
  });

  it('renders in every language', () => {
    const mail = renderUrgent({ languages: [...LANGUAGES], organisationName: 'O', line: inThreeDays });
    expect(mail.subject.split(' / ')).toHaveLength(4);
  });
});
