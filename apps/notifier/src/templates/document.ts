// A mail as a small document (sections of blocks, one section per language), rendered twice: as plain text and
// as HTML. The mail kinds build documents; only this module writes text or markup, and it escapes every value.
import { escapeHtml } from './html.js';
import { type Language, type RenderedMail } from './types.js';

export type Tone = 'neutral' | 'warning' | 'danger';

export interface Badge {
  text: string;
  tone: Tone;
}

export interface Fact {
  label: string;
  value: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; tone: Tone; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  /** A call to action: a button in HTML, the label and its address on their own line in text. */
  | { kind: 'button'; label: string; url: string }
  | {
      kind: 'certificate';
      title: string;
      badges: Badge[];
      facts: Fact[];
      link: { label: string; url: string };
    };

export interface Section {
  language: Language;
  /** The language's own name ("Français"), shown above its section. */
  languageName: string;
  blocks: Block[];
}

export interface MailDocument {
  subject: string;
  sections: Section[];
}

export function renderMail(document: MailDocument): RenderedMail {
  return { subject: document.subject, text: renderText(document), html: renderHtml(document) };
}

// ---- plain text -------------------------------------------------------------------------------------------

const SECTION_RULE = '-'.repeat(60);

function renderText(document: MailDocument): string {
  const sections = document.sections.map((section) => {
    const heading = section.languageName.toUpperCase();
    const lines = [heading, '='.repeat(heading.length), ''];
    for (const block of section.blocks) lines.push(...textBlock(block), '');
    return lines.join('\n').trimEnd();
  });
  return `${sections.join(`\n\n${SECTION_RULE}\n\n`)}\n`;
}

function textBlock(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [block.text, '-'.repeat(block.text.length)];
    case 'paragraph':
      return [block.text];
    case 'notice':
      return [`>> ${block.text}`];
    case 'list':
      return block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`);
    case 'button':
      return [`${block.label}:`, block.url];
    case 'certificate': {
      const badges = block.badges.map((badge) => ` [${badge.text}]`).join('');
      return [
        `* ${block.title}${badges}`,
        ...block.facts.map((fact) => `    ${fact.label}: ${fact.value}`),
        `    ${block.link.label}: ${block.link.url}`,
      ];
    }
  }
}

// ---- HTML -------------------------------------------------------------------------------------------------
// Inline styles only (mail clients drop <style> and never load external resources), one narrow column that
// reflows on a phone, tables only for label/value pairs.

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TONE_COLOURS: Readonly<Record<Tone, { border: string; background: string; text: string }>> = {
  neutral: { border: '#6b7280', background: '#f3f4f6', text: '#1f2937' },
  warning: { border: '#b45309', background: '#fef3c7', text: '#78350f' },
  danger: { border: '#b91c1c', background: '#fee2e2', text: '#7f1d1d' },
};

function renderHtml(document: MailDocument): string {
  const firstLanguage = document.sections[0]?.language ?? 'en';
  const navigation =
    document.sections.length > 1
      ? `<p style="margin:0 0 16px;font-size:14px">${document.sections
          .map(
            (section) =>
              `<a href="#lang-${section.language}" style="color:#1d4ed8">${escapeHtml(section.languageName)}</a>`,
          )
          .join(' &middot; ')}</p>`
      : '';
  const sections = document.sections
    .map(
      (section) =>
        `<div id="lang-${section.language}" lang="${section.language}">` +
        `<h1 style="font-size:20px;margin:8px 0 12px">${escapeHtml(section.languageName)}</h1>` +
        section.blocks.map(htmlBlock).join('') +
        `</div>`,
    )
    .join('<hr style="border:none;border-top:1px solid #d1d5db;margin:28px 0">');
  return (
    `<!DOCTYPE html><html lang="${firstLanguage}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(document.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#ffffff;color:#111827">` +
    `<div style="max-width:640px;margin:0 auto;padding:16px;${FONT};font-size:15px;line-height:1.5">` +
    navigation +
    sections +
    `</div></body></html>\n`
  );
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p style="margin:0 0 12px">${escapeHtml(block.text)}</p>`;
    case 'notice': {
      const colour = TONE_COLOURS[block.tone];
      return (
        `<p style="margin:0 0 12px;padding:10px 12px;border-left:4px solid ${colour.border};` +
        `background:${colour.background};color:${colour.text}">${escapeHtml(block.text)}</p>`
      );
    }
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => `<li style="margin:0 0 6px">${escapeHtml(item)}</li>`).join('');
      return `<${tag} style="margin:0 0 12px;padding-left:22px">${items}</${tag}>`;
    }
    case 'button':
      return (
        `<p style="margin:16px 0 20px"><a href="${escapeHtml(block.url)}" style="display:inline-block;` +
        `padding:10px 18px;background:#1d4ed8;color:#ffffff;border-radius:4px;text-decoration:none;` +
        `font-weight:600">${escapeHtml(block.label)}</a></p>`
      );
    case 'certificate':
      return htmlCertificate(block);
  }
}

function htmlCertificate(block: Extract<Block, { kind: 'certificate' }>): string {
  const strongest = block.badges.some((badge) => badge.tone === 'danger')
    ? 'danger'
    : block.badges.some((badge) => badge.tone === 'warning')
      ? 'warning'
      : 'neutral';
  const badges = block.badges
    .map((badge) => {
      const colour = TONE_COLOURS[badge.tone];
      return (
        ` <span style="display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;` +
        `background:${colour.background};color:${colour.text};border:1px solid ${colour.border}">${escapeHtml(badge.text)}</span>`
      );
    })
    .join('');
  const rows = block.facts
    .map(
      (fact) =>
        `<tr><td style="padding:3px 10px 3px 0;color:#4b5563;vertical-align:top;width:38%">${escapeHtml(fact.label)}</td>` +
        `<td style="padding:3px 0;vertical-align:top;word-break:break-word">${escapeHtml(fact.value)}</td></tr>`,
    )
    .join('');
  return (
    `<div style="margin:0 0 14px;padding:12px;border:1px solid #d1d5db;border-left:4px solid ${TONE_COLOURS[strongest].border};border-radius:4px">` +
    `<p style="margin:0 0 8px;font-weight:700;word-break:break-word">${escapeHtml(block.title)}${badges}</p>` +
    `<table role="presentation" style="width:100%;border-collapse:collapse;font-size:14px">${rows}</table>` +
    `<p style="margin:10px 0 0"><a href="${escapeHtml(block.link.url)}" style="color:#1d4ed8">${escapeHtml(block.link.label)}</a></p>` +
    `</div>`
  );
}
