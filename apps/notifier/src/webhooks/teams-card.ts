import type { WebhookLanguage, WebhookPayload } from '@certdesk/contracts';
import { TEAMS_CARD_WORDS } from './teams-card-messages.js';

/** What a Teams Workflows webhook ("When a Teams webhook request is received") takes: a message with one card. */
export interface TeamsMessage {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: Record<string, unknown>;
  }[];
}

/**
 * The event as an Adaptive Card (1.4, what Teams renders), in one language: a title, the facts, a button to the
 * certificate or organisation in the dashboard.
 */
export function teamsMessage(
  payload: WebhookPayload,
  language: WebhookLanguage,
  publicUrl: string,
): TeamsMessage {
  const words = TEAMS_CARD_WORDS[language];
  const data = payload.data as Record<string, unknown> & {
    organisation: { id: string; name: string };
    certificate?: { subject: string; notAfter: string; url: string };
  };
  const facts: { title: string; value: string }[] = [
    { title: words.organisation, value: data.organisation.name },
  ];
  if (data.certificate) {
    facts.push({ title: words.certificate, value: data.certificate.subject });
    facts.push({ title: words.expires, value: formatDate(data.certificate.notAfter, language) });
  }
  if (typeof data.daysLeft === 'number') facts.push({ title: words.daysLeft, value: String(data.daysLeft) });
  if (data.muted === true) facts.push({ title: words.muted, value: words.yes });
  if (typeof data.reason === 'string') facts.push({ title: words.reason, value: data.reason });
  if (typeof data.revokedOn === 'string') facts.push({ title: words.revokedOn, value: data.revokedOn });
  if (typeof data.state === 'string') facts.push({ title: words.renewalState, value: data.state });
  if (Array.isArray(data.certificateIds))
    facts.push({ title: words.certificates, value: String(data.certificateIds.length) });
  if (Array.isArray(data.addedCertificateIds))
    facts.push({ title: words.discovered, value: String(data.addedCertificateIds.length) });
  if (typeof data.published === 'number')
    facts.push({ title: words.published, value: String(data.published) });
  if (typeof data.withdrawn === 'number')
    facts.push({ title: words.withdrawn, value: String(data.withdrawn) });
  if (Array.isArray(data.activatedRenewalCaseIds) && data.activatedRenewalCaseIds.length)
    facts.push({ title: words.renewalsActivated, value: String(data.activatedRenewalCaseIds.length) });
  if (typeof data.software === 'string') facts.push({ title: words.system, value: data.software });
  if (typeof data.stillInUseBy === 'number')
    facts.push({ title: words.stillInUseBy, value: String(data.stillInUseBy) });
  const link = data.certificate?.url ?? `${publicUrl}/organisations/${data.organisation.id}`;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          lang: language,
          body: [
            {
              type: 'TextBlock',
              text: words.title[payload.type],
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
              style: 'heading',
            },
            {
              type: 'FactSet',
              facts: facts.map((fact) => ({ title: fact.title, value: plainFact(fact.value) })),
            },
          ],
          actions: [{ type: 'Action.OpenUrl', title: words.open, url: link }],
        },
      },
    ],
  };
}

function formatDate(iso: string, language: WebhookLanguage): string {
  const locale = { en: 'en-GB', fr: 'fr-BE', nl: 'nl-BE' }[language];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
    new Date(iso),
  );
}

/**
 * One line per fact, whose Markdown cannot make a link. Teams renders `[text](address)` in a fact as a link named
 * `text`, and shows a backslash escape literally; a name, a DN or a reason typed by anyone who may write to the
 * organisation would otherwise put "Renew here" over any address in the channel. A zero-width space between `]` and
 * `(` leaves the text as typed and breaks the link; bare addresses stay visible as what they are.
 */
export function plainFact(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\]\s*\(/g, (match) => `${match.slice(0, 1)}\u200b${match.slice(1)}`);
}
