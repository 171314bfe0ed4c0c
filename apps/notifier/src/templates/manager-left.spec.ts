import { describe, expect, it } from '@jest/globals';
import { reminderLine, visibleText } from '../../test/templates/reminder-line.js';
import {
  renderDigest,
  renderStalledRenewal,
  renderUrgent,
  TemplateInputError,
  type ReminderLine,
} from './index.js';

const gone: Partial<ReminderLine> = { managerName: 'Anne Dubois', managerLeft: { on: '2026-01-15' } };

describe('a certificate whose manager has left', () => {
  it('is flagged on its card and explained once, in German too', () => {
    const mail = renderDigest({
      languages: ['de'],
      organisationNames: ['Ambulanz Eupen'],
      lines: [reminderLine(gone), reminderLine({ certificateId: 'other', applicationId: 'STILLMANAGED' })],
    });
    expect(mail.text).toContain('[VERWALTER AUSGESCHIEDEN]');
    expect(mail.text).toContain('Anne Dubois, am 15. Januar 2026 aus der Organisation ausgeschieden');
    expect(
      mail.text.match(/Der für NIHII-AMBU_SERVICE=79609977 benannte Zertifikatsverwalter/g),
    ).toHaveLength(1);
    expect(visibleText(mail.html)).toContain(
      'Anne Dubois, am 15. Januar 2026 aus der Organisation ausgeschieden',
    );
  });

  it('is explained in the urgent and stalled-renewal mails', () => {
    const urgent = renderUrgent({
      languages: ['en'],
      organisationName: 'Ambulances',
      line: reminderLine({ ...gone, daysLeft: 3, milestone: 3 }),
    });
    expect(urgent.text).toContain('The certificate manager named for NIHII-AMBU_SERVICE=79609977 has left');
    const stalled = renderStalledRenewal({
      languages: ['nl'],
      organisationName: 'Ambulances',
      line: reminderLine({ ...gone, renewalState: 'phase1-sent' }),
      since: new Date('2026-01-01T10:00:00Z'),
    });
    expect(stalled.text).toContain('Anne Dubois, die de organisatie op 15 januari 2026 verlaten heeft');
  });

  it('refuses a day that is not a calendar date', () => {
    expect(() =>
      renderDigest({
        languages: ['en'],
        organisationNames: ['A'],
        lines: [reminderLine({ managerLeft: { on: '15/01/2026' } })],
      }),
    ).toThrow(TemplateInputError);
  });
});
