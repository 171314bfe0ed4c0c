import { describe, expect, it } from '@jest/globals';
import { REVOCATION_REASON_DETAILS } from '@certdesk/domain';
import { reminderLine, visibleText } from '../../test/templates/reminder-line.js';
import { LANGUAGES, renderDigest, TemplateInputError, type Language } from './index.js';

/** What a reader must find in each language (hand-written here, not read from the messages). */
const READER_FINDS: Record<
  Language,
  {
    shortDate: string;
    expiry: string;
    daysLeft: string;
    environment: string;
    phases: [string, string, string];
    reasons: [string, string, string];
    sections: string[];
  }
> = {
  fr: {
    shortDate: '02/03/2026',
    expiry: '2 mars 2026 à 11:32 (heure de Bruxelles)',
    daysLeft: '30 jours',
    environment: 'Production',
    phases: [
      'Phase 1 – « Renouvelez votre certificat eHealth »',
      'Phase 2 – « Compléter votre demande de renouvellement »',
      'Phase 3 – « Activer votre ETK renouvelée »',
    ],
    reasons: [
      'Mot de passe oublié',
      'Compromission de la clé privée',
      'À remplacer par un nouveau certificat',
    ],
    sections: [
      'Que faire maintenant',
      'En cas de problème',
      'Mot de passe du keystore perdu',
      'Fichier .p12',
    ],
  },
  nl: {
    shortDate: '02/03/2026',
    expiry: '2 maart 2026 om 11:32 (Brusselse tijd)',
    daysLeft: '30 dagen',
    environment: 'Productie',
    phases: [
      'Fase 1 – „Vernieuw uw eHealth-certificaat”',
      'Fase 2 – „Vervolledig uw vernieuwingsaanvraag”',
      'Fase 3 – „Activeer uw vernieuwde ETK”',
    ],
    reasons: [
      'Wachtwoord vergeten',
      'Private sleutel gecompromitteerd',
      'Te vervangen door een nieuw certificaat',
    ],
    sections: ['Wat nu te doen', 'Bij problemen', 'Wachtwoord van de keystore kwijt', 'Bestand .p12'],
  },
  de: {
    shortDate: '02.03.2026',
    expiry: '2. März 2026 um 11:32 Uhr (Brüsseler Zeit)',
    daysLeft: '30 Tage',
    environment: 'Produktion',
    phases: [
      'Phase 1 – „Ihr eHealth-Zertifikat erneuern“',
      'Phase 2 – „Ihren Erneuerungsantrag vervollständigen“',
      'Phase 3 – „Ihr erneuertes ETK aktivieren“',
    ],
    reasons: [
      'Passwort vergessen',
      'Privater Schlüssel kompromittiert',
      'Durch ein neues Zertifikat zu ersetzen',
    ],
    sections: ['Was jetzt zu tun ist', 'Bei Problemen', 'Keystore-Passwort verloren', 'Datei .p12'],
  },
  en: {
    shortDate: '02/03/2026',
    expiry: '2 March 2026 at 11:32 (Brussels time)',
    daysLeft: '30 days',
    environment: 'Production',
    phases: [
      'Phase 1 – "Renew your eHealth certificate"',
      'Phase 2 – "Complete your renewal request"',
      'Phase 3 – "Activate your renewal ETK"',
    ],
    reasons: ['Forgotten password', 'Private key compromised', 'To be replaced by a new certificate'],
    sections: ['What to do now', 'If something is wrong', 'Keystore password lost', '.p12 file'],
  },
};

describe('renderDigest, in each language', () => {
  it.each(LANGUAGES)('%s: says what expires, when, where it is and what to do', (language) => {
    const expected = READER_FINDS[language];
    const line = reminderLine({ applicationId: 'EMSR', renewalState: null });
    const mail = renderDigest({
      languages: [language],
      organisationNames: ['Ambulances de la Senne'],
      lines: [line],
    });

    expect(mail.subject).toContain('eHealth NIHII-AMBU_SERVICE=79609977');
    expect(mail.subject).toContain(expected.shortDate);
    for (const body of [mail.text, visibleText(mail.html)]) {
      for (const fact of [
        'NIHII-AMBU_SERVICE=79609977, EMSR',
        'SERVICE AMBULANCIER DE LA SENNE',
        'Anne Dubois',
        'PC-ACCUEIL: C:\\Users\\anne\\ehealth\\keystore\\NIHII-AMBU_SERVICE=79609977 20230302-113200.p12',
        'Ambulances de la Senne',
        expected.expiry,
        expected.daysLeft,
        expected.environment,
        ...expected.phases,
        ...expected.reasons,
        ...expected.sections,
        'ehealth-certificates@ehealth.fgov.be',
      ]) {
        expect(body).toContain(fact);
      }
    }
    expect(mail.text).toContain(line.url);
    expect(mail.html).toContain(`href="${line.url}"`);
    expect(mail.html).toContain(`lang="${language}"`);
  });

  it('the English reasons are the ones libs/domain gives for the eHealth tool', () => {
    const mail = renderDigest({ languages: ['en'], organisationNames: ['O'], lines: [reminderLine()] });
    for (const reason of ['password-lost', 'keystore-lost', 'manager-left'] as const) {
      expect(mail.text).toContain(`"${REVOCATION_REASON_DETAILS[reason].ehealthReason}"`);
    }
  });
});

describe('renderDigest, languages together', () => {
  it('French then Dutch in one mail by default order, each section complete', () => {
    const mail = renderDigest({ languages: ['fr', 'nl'], organisationNames: ['O'], lines: [reminderLine()] });
    const [french, dutch] = mail.text.split(/\n-{60}\n/);
    expect(french).toContain('FRANÇAIS');
    expect(dutch).toContain('NEDERLANDS');
    for (const [section, language] of [
      [french, 'fr'],
      [dutch, 'nl'],
    ] as const) {
      for (const phrase of [...READER_FINDS[language].phases, ...READER_FINDS[language].reasons]) {
        expect(section).toContain(phrase);
      }
    }
    expect(mail.subject).toBe(
      'eHealth NIHII-AMBU_SERVICE=79609977: expire le 02/03/2026 (30 jours) / vervalt op 02/03/2026 (30 dagen)',
    );
    expect(mail.html.indexOf('lang="fr"')).toBeLessThan(mail.html.indexOf('lang="nl"'));
  });

  it("follows the organisation's order and names each language once", () => {
    const mail = renderDigest({
      languages: ['de', 'en', 'fr', 'nl', 'en'],
      organisationNames: ['O'],
      lines: [reminderLine()],
    });
    const headings = mail.text.match(/^(DEUTSCH|ENGLISH|FRANÇAIS|NEDERLANDS)$/gm);
    expect(headings).toEqual(['DEUTSCH', 'ENGLISH', 'FRANÇAIS', 'NEDERLANDS']);
    expect(mail.subject.split(' / ')).toHaveLength(4);
    // A phone reader can jump to their language.
    for (const language of ['de', 'en', 'fr', 'nl']) {
      expect(mail.html).toContain(`href="#lang-${language}"`);
      expect(mail.html).toContain(`id="lang-${language}"`);
    }
  });
});

describe('renderDigest, several certificates', () => {
  const later = reminderLine({
    certificateId: 'later',
    identifierType: 'CBE',
    identifierValue: '0123456749',
  });
  const earliest = reminderLine({
    certificateId: 'earliest',
    identifierType: 'EHP',
    identifierValue: '1990001916',
    applicationId: 'VITALINKGATEWAY',
    notAfter: new Date('2026-02-09T09:00:00Z'),
    daysLeft: 7,
    milestone: 7,
  });
  const middle = reminderLine({
    certificateId: 'middle',
    identifierType: 'NIHII-HOSPITAL',
    identifierValue: '71000436',
    notAfter: new Date('2026-02-20T09:00:00Z'),
    daysLeft: 18,
    milestone: 30,
  });

  it('lists them earliest expiry first, and the subject gives the count and the earliest date', () => {
    const lines = [later, earliest, middle];
    const mail = renderDigest({ languages: ['en'], organisationNames: ['Hôpital A', 'Clinique B'], lines });
    const order = (body: string) =>
      ['EHP=1990001916, VITALINKGATEWAY', 'NIHII-HOSPITAL=71000436', 'CBE=0123456749'].map((id) =>
        body.indexOf(id),
      );
    for (const body of [mail.text, mail.html]) {
      const positions = order(body);
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(mail.subject).toBe('eHealth: 3 certificates expire, from 09/02/2026');
    expect(mail.text).toContain(
      'The following 3 eHealth certificates of Hôpital A and Clinique B must be renewed',
    );
    expect(lines.map((line) => line.certificateId)).toEqual(['later', 'earliest', 'middle']);
  });

  it('marks the certificate at 7 days or fewer as urgent, and only that one', () => {
    const mail = renderDigest({ languages: ['en'], organisationNames: ['O'], lines: [later, earliest] });
    expect(mail.text).toContain('* EHP=1990001916, VITALINKGATEWAY [URGENT]');
    expect(mail.text).toMatch(/^\* CBE=0123456749$/m);
  });
});

describe('renderDigest, expired certificates', () => {
  const expired = reminderLine({
    notAfter: new Date('2026-01-20T08:00:00Z'),
    daysLeft: -3,
    milestone: 'expired',
  });

  it.each([
    [
      'en',
      '[EXPIRED]',
      'none, expired',
      'An expired certificate can no longer be renewed',
      'expired on 20/01/2026',
    ],
    [
      'fr',
      '[EXPIRÉ]',
      'aucun, expiré',
      'Un certificat expiré ne peut plus être renouvelé',
      'expiré le 20/01/2026',
    ],
    [
      'nl',
      '[VERVALLEN]',
      'geen, vervallen',
      'Een vervallen certificaat kan niet meer vernieuwd worden',
      'vervallen op 20/01/2026',
    ],
    [
      'de',
      '[ABGELAUFEN]',
      'keine, abgelaufen',
      'Ein abgelaufenes Zertifikat kann nicht mehr erneuert werden',
      'am 20.01.2026 abgelaufen',
    ],
  ] as const)(
    '%s: says it has expired and that a new request is the way',
    (language, badge, days, notice, subject) => {
      const mail = renderDigest({ languages: [language], organisationNames: ['O'], lines: [expired] });
      expect(mail.text).toContain(`* NIHII-AMBU_SERVICE=79609977 ${badge}`);
      expect(mail.text).toContain(days);
      expect(mail.text).toContain(notice);
      expect(mail.subject).toContain(subject);
    },
  );

  it('says nothing about expired certificates when none is', () => {
    const mail = renderDigest({ languages: ['en'], organisationNames: ['O'], lines: [reminderLine()] });
    expect(mail.text).not.toContain('EXPIRED');
    expect(mail.text).not.toContain('can no longer be renewed');
  });

  it('puts an expired certificate first and says so in the subject', () => {
    const mail = renderDigest({
      languages: ['en'],
      organisationNames: ['O'],
      lines: [reminderLine(), expired],
    });
    expect(mail.subject).toBe('eHealth: 2 certificates to renew, the first expired on 20/01/2026');
  });
});

describe('renderDigest, acceptance certificates', () => {
  const acceptance = reminderLine({
    certificateId: 'acc',
    identifierType: 'EHP',
    identifierValue: '1990001916',
    environment: 'acceptance',
  });

  it('marks the acceptance certificate, and warns to use the acceptance tool', () => {
    const mail = renderDigest({
      languages: ['fr', 'nl'],
      organisationNames: ['O'],
      lines: [reminderLine(), acceptance],
    });
    expect(mail.text).toContain('* EHP=1990001916 [ACCEPTATION]');
    expect(mail.text).toContain('* EHP=1990001916 [ACCEPTATIE]');
    expect(mail.text).toMatch(/^\* NIHII-AMBU_SERVICE=79609977$/m);
    expect(mail.text).toContain('Acceptation (test, intégrateurs)');
    expect(mail.text).toContain('utilisez la version « acceptation » de l’eHealth Certificate Manager');
    expect(mail.text).toContain('gebruik de acceptatieversie van de eHealth Certificate Manager');
    // Mixed production and acceptance: the subject is not marked, the cards are.
    expect(mail.subject).not.toContain('ACCEPTATION');
  });

  it('marks the subject when every certificate is an acceptance one', () => {
    const mail = renderDigest({ languages: ['fr', 'nl'], organisationNames: ['O'], lines: [acceptance] });
    expect(mail.subject.startsWith('[ACCEPTATION/ACCEPTATIE] eHealth EHP=1990001916: ')).toBe(true);
  });

  it('says nothing about acceptance for production certificates', () => {
    const mail = renderDigest({ languages: ['en'], organisationNames: ['O'], lines: [reminderLine()] });
    expect(mail.text).not.toMatch(/acceptance/i);
  });
});

describe('renderDigest, escalation to an administrator', () => {
  it('says first why the administrator gets it and what to fix', () => {
    const mail = renderDigest({
      languages: ['en', 'fr'],
      organisationNames: ['Ambulance Nord'],
      lines: [reminderLine()],
      escalation: { reason: 'no-generic-contact', organisationName: 'Ambulance Nord' },
    });
    const english = mail.text.split(/\n-{60}\n/)[0]!;
    const notice = english.indexOf(
      'You receive this reminder as an administrator because the organisation "Ambulance Nord" has no generic e-mail address',
    );
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(english.indexOf('NIHII-AMBU_SERVICE=79609977'));
    expect(english).toContain('Add one to its contacts');
    expect(mail.text).toContain('l’organisation « Ambulance Nord » n’a aucune adresse e-mail générique');
    expect(mail.text).not.toContain('Certdesk sends this reminder to the generic e-mail addresses');
    expect(visibleText(mail.html)).toContain('has no generic e-mail address in Certdesk');
  });

  it('a plain digest names the generic addresses it was sent to, and no escalation', () => {
    const mail = renderDigest({
      languages: ['en'],
      organisationNames: ['Ambulance Nord'],
      lines: [reminderLine()],
    });
    expect(mail.text).toContain(
      'Certdesk sends this reminder to the generic e-mail addresses of Ambulance Nord',
    );
    expect(mail.text).not.toContain('as an administrator');
  });
});

describe('renderDigest, the facts people type', () => {
  it('escapes names in the HTML and keeps them as written in the text', () => {
    const mail = renderDigest({
      languages: ['en'],
      organisationNames: ['Cliniques & Co'],
      lines: [
        reminderLine({
          holderName: '<script>alert("x")</script>',
          managerName: "Jean-Luc O'Neil <jl@example.be>",
          keystoreLocation: 'PC-1: C:\\keys\\<odd> & "quoted".p12',
          applicationId: 'APP&1',
        }),
      ],
      escalation: { reason: 'no-generic-contact', organisationName: '<b>Bold</b> & Co' },
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Bold</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('Cliniques &amp; Co');
    expect(mail.html).toContain('Jean-Luc O&#39;Neil &lt;jl@example.be&gt;');
    expect(mail.html).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; Co');
    expect(visibleText(mail.html)).toContain('PC-1: C:\\keys\\<odd> & "quoted".p12');
    expect(mail.text).toContain('<script>alert("x")</script>');
    expect(mail.text).toContain('Cliniques & Co');
    expect(mail.subject).toContain('eHealth NIHII-AMBU_SERVICE=79609977');
  });

  it('says "not recorded" for a missing holder, manager or keystore location', () => {
    const mail = renderDigest({
      languages: ['en'],
      organisationNames: ['O'],
      lines: [reminderLine({ holderName: null, managerName: null, keystoreLocation: null })],
    });
    for (const label of ['Holder', 'Certificate manager', 'Keystore (.p12)']) {
      expect(mail.text).toContain(`${label}: not recorded`);
    }
  });

  it('masks a personal certificate’s SSIN everywhere', () => {
    const mail = renderDigest({
      languages: ['fr', 'nl'],
      organisationNames: ['Cabinet'],
      lines: [
        reminderLine({ identifierType: 'SSIN', identifierValue: '85010112345', holderName: 'JANSSENS AN' }),
      ],
    });
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('85010112345');
      expect(part).toContain('SSIN=850101-***-**');
    }
  });

  it('shows the renewal in progress, in words', () => {
    const mail = renderDigest({
      languages: ['en'],
      organisationNames: ['O'],
      lines: [
        reminderLine({ renewalState: 'phase1-sent' }),
        reminderLine({ certificateId: 'b', renewalState: null }),
      ],
    });
    expect(mail.text).toContain('Renewal: phase 1 sent, waiting for the certificate (phase 2 to do)');
    expect(mail.text).toContain('Renewal: not started');
  });

  it('dates are Brussels calendar dates, whatever the server’s zone', () => {
    // 23:30 UTC on 28 March is 00:30 on 29 March in Brussels (CET, the night summer time starts).
    const line = reminderLine({ notAfter: new Date('2026-03-28T23:30:00Z') });
    const mail = renderDigest({ languages: ['en'], organisationNames: ['O'], lines: [line] });
    expect(mail.text).toContain('Valid until: 29 March 2026 at 00:30 (Brussels time)');
    expect(mail.subject).toContain('expires on 29/03/2026');
  });
});

describe('renderDigest, the HTML alternative', () => {
  const mail = renderDigest({ languages: ['fr', 'nl'], organisationNames: ['O'], lines: [reminderLine()] });

  it('loads nothing from outside and links only to the certificate and within the mail', () => {
    expect(mail.html).not.toMatch(/<(img|link|script|iframe|style)\b/i);
    expect(mail.html).not.toMatch(/\bsrc=/i);
    expect(mail.html).not.toMatch(/url\(/i);
    const targets = [...mail.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(new Set(targets)).toEqual(new Set(['#lang-fr', '#lang-nl', reminderLine().url]));
  });

  it('is one narrow column that fits a phone', () => {
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(mail.html).toContain('max-width:640px');
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toContain(`<title>${mail.subject}</title>`);
  });
});

describe('renderDigest, bad input', () => {
  const valid = { languages: ['en' as Language], organisationNames: ['O'], lines: [reminderLine()] };

  it.each([
    ['no language', { ...valid, languages: [] }, /at least one language/],
    ['an unknown language', { ...valid, languages: ['es' as Language] }, /Unknown mail language "es"/],
    ['no certificate', { ...valid, lines: [] }, /at least one certificate line/],
    ['no organisation', { ...valid, organisationNames: [] }, /name of the organisation/],
    [
      'an invalid expiry',
      { ...valid, lines: [reminderLine({ notAfter: new Date('nope') })] },
      /notAfter must be a valid Date/,
    ],
    [
      'a fractional days left',
      { ...valid, lines: [reminderLine({ daysLeft: 2.5 })] },
      /daysLeft must be a whole number/,
    ],
    ['a script link', { ...valid, lines: [reminderLine({ url: 'javascript:alert(1)' })] }, /http\(s\) URL/],
    [
      'a relative link',
      { ...valid, lines: [reminderLine({ url: '/certificates/1' })] },
      /absolute http\(s\) URL/,
    ],
    [
      'an unknown environment',
      { ...valid, lines: [reminderLine({ environment: 'staging' as 'unknown' })] },
      /environment must be one of/,
    ],
  ])('%s is refused with a clear error', (_what, input, message) => {
    expect(() => renderDigest(input)).toThrow(TemplateInputError);
    expect(() => renderDigest(input)).toThrow(message);
  });
});
