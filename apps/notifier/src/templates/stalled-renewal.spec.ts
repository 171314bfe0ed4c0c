import { describe, expect, it } from '@jest/globals';
import { reminderLine, visibleText } from '../../test/templates/reminder-line.js';
import { renderStalledRenewal, TemplateInputError } from './index.js';

const since = new Date('2026-01-12T14:00:00Z');

describe('renderStalledRenewal', () => {
  it.each([
    [
      'phase1-sent',
      'renewal stalled, phase 2 to do',
      'it has been at "phase 1 sent, waiting for the certificate (phase 2 to do)" since 12 January 2026',
      'Phase 2: "Complete your renewal request"',
    ],
    [
      'phase2-completed',
      'renewal stalled, phase 3 to do',
      'it has been at "phase 2 done, ETK to activate (phase 3 to do)" since 12 January 2026',
      'Phase 3: "Activate your renewal ETK". Until it is done, the old certificate stays the active one, and it expires on 2 March 2026.',
    ],
    [
      'phase3-etk-activated',
      'renewal stalled, keystore to install',
      'it has been at "phase 3 done, new keystore to give to the integrators" since 12 January 2026',
      'give the new keystore and its password to every integrator',
    ],
  ])('stuck at %s: names the phase, since when, and the next step', (renewalState, subject, intro, next) => {
    const mail = renderStalledRenewal({
      languages: ['en'],
      organisationName: 'Ambulances de la Senne',
      line: reminderLine({ renewalState }),
      since,
    });
    expect(mail.subject).toBe(`eHealth NIHII-AMBU_SERVICE=79609977: ${subject}`);
    for (const body of [mail.text, visibleText(mail.html)]) {
      expect(body).toContain(intro);
      expect(body).toContain('Next step');
      expect(body).toContain(next);
      // The whole procedure and the what-ifs are still there.
      expect(body).toContain('Phase 1 – "Renew your eHealth certificate"');
      expect(body).toContain('Keystore password lost');
    }
  });

  it.each([
    [
      'fr',
      'renouvellement arrêté, phase 3 à faire',
      'il en est à « phase 2 faite, ETK à activer (phase 3 à faire) » depuis le 12 janvier 2026',
      'Prochaine étape',
    ],
    [
      'nl',
      'vernieuwing staat stil, fase 3 te doen',
      'ze staat op „fase 2 gedaan, ETK te activeren (fase 3 te doen)” sinds 12 januari 2026',
      'Volgende stap',
    ],
    [
      'de',
      'Erneuerung steht still, Phase 3 offen',
      'Sie steht seit dem 12. Januar 2026 auf „Phase 2 erledigt, ETK zu aktivieren (Phase 3 offen)“',
      'Nächster Schritt',
    ],
  ] as const)('%s', (language, subject, intro, heading) => {
    const mail = renderStalledRenewal({
      languages: [language],
      organisationName: 'O',
      line: reminderLine({ renewalState: 'phase2-completed' }),
      since,
    });
    expect(mail.subject).toContain(subject);
    expect(mail.text).toContain(intro);
    expect(mail.text).toContain(heading);
  });

  it('a state it does not know still gives a mail that points to the certificate', () => {
    const mail = renderStalledRenewal({
      languages: ['en'],
      organisationName: 'O',
      line: reminderLine({ renewalState: 'something-new' }),
      since,
    });
    expect(mail.subject).toBe('eHealth NIHII-AMBU_SERVICE=79609977: renewal stalled');
    expect(mail.text).toContain('it has been at "something-new"');
    expect(mail.text).toContain('Open the certificate in Certdesk to see where its renewal stands.');
  });

  it('the date it stalled is the Brussels date', () => {
    const mail = renderStalledRenewal({
      languages: ['en'],
      organisationName: 'O',
      line: reminderLine({ renewalState: 'phase1-sent' }),
      since: new Date('2026-01-11T23:15:00Z'),
    });
    expect(mail.text).toContain('since 12 January 2026');
  });

  it('refuses an invalid since', () => {
    expect(() =>
      renderStalledRenewal({
        languages: ['en'],
        organisationName: 'O',
        line: reminderLine(),
        since: new Date(Number.NaN),
      }),
    ).toThrow(TemplateInputError);
  });
});
