// A certificate line as the engine builds it, for the template tests: an ambulance service's production
// certificate 30 days before its end, every fact known. Override what a test is about.
import { type ReminderLine } from '../../src/templates/index.js';

export function reminderLine(overrides: Partial<ReminderLine> = {}): ReminderLine {
  return {
    certificateId: '0b6a3f9e-2d1c-4f4e-9a51-7c2e8f1d0a01',
    identifierType: 'NIHII-AMBU_SERVICE',
    identifierValue: '79609977',
    applicationId: null,
    holderName: 'SERVICE AMBULANCIER DE LA SENNE',
    environment: 'production',
    notAfter: new Date('2026-03-02T10:32:00Z'),
    daysLeft: 30,
    milestone: 30,
    managerName: 'Anne Dubois',
    keystoreLocation:
      'PC-ACCUEIL: C:\\Users\\anne\\ehealth\\keystore\\NIHII-AMBU_SERVICE=79609977 20230302-113200.p12',
    renewalState: null,
    url: 'https://certdesk.example.be/certificates/0b6a3f9e-2d1c-4f4e-9a51-7c2e8f1d0a01',
    ...overrides,
  };
}

/** The visible text of an HTML mail, roughly as a reader sees it: tags dropped, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&middot;/g, '·')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
