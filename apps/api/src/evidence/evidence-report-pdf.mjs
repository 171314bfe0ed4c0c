// The evidence pack's PDF report (docs/evidence.md), drawn with pdf-lib. Plain JavaScript, because it runs in the
// pack's worker thread (evidence-pack.worker.mjs), which Node loads as it is, from src/ under Jest and from dist/ at
// run time: a large pack takes seconds of drawing, which must not stall the api's event loop.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const SIZE = { title: 16, heading: 12, text: 9, small: 7.5 };
/**
 * The standard PDF fonts encode WinAnsi only: French and Dutch letters are in it; anything else (another script,
 * a control character in a stored name) is shown as '?', never an error.
 */
const printable = (text) =>
  text
    .normalize('NFC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\u20ac]/g, '?');
/** Lays text out top to bottom, wrapping lines and opening pages as it goes. */
class ReportWriter {
  constructor(pdf, regular, bold) {
    this.pdf = pdf;
    this.regular = regular;
    this.bold = bold;
    this.newPage();
  }
  newPage() {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
  }
  /** @param {string} text @param {{ size?: number; bold?: boolean; indent?: number; gap?: number }} options */
  line(text, options = {}) {
    const size = options.size ?? SIZE.text;
    const font = options.bold ? this.bold : this.regular;
    const x = PAGE.margin + (options.indent ?? 0) * 12;
    const width = PAGE.width - PAGE.margin - x;
    this.y -= options.gap ?? 0;
    for (const piece of wrap(printable(text), font, size, width)) {
      if (this.y - size < PAGE.margin) this.newPage();
      this.y -= size * 1.3;
      this.page.drawText(piece, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  }
  heading(text, size = SIZE.heading) {
    this.line(text, { size, bold: true, gap: size * 0.8 });
  }
}
function wrap(text, font, size, width) {
  // Widths add up glyph by glyph in a standard font, so a line's width grows by each word's, measured once.
  const measure = (piece) => font.widthOfTextAtSize(piece, size);
  const space = measure(' ');
  const lines = [];
  let current = '';
  let currentWidth = 0;
  for (const word of text.split(' ')) {
    const wordWidth = measure(word);
    const added = current ? currentWidth + space + wordWidth : wordWidth;
    if (added <= width) {
      current = current ? `${current} ${word}` : word;
      currentWidth = added;
      continue;
    }
    if (current) lines.push(current);
    // A word wider than the line (a hash, a path) is cut where it must be.
    let rest = word;
    while (measure(rest) > width) {
      let cut = Math.max(1, Math.floor((rest.length * width) / measure(rest)));
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
    currentWidth = measure(rest);
  }
  lines.push(current);
  return lines;
}
const describe = (side) =>
  side === null
    ? '-'
    : Object.entries(side)
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
        .join(', ') || '-';
const changeLine = (c) =>
  `${c.occurredAt}  ${c.action}  (${c.actor}; event ${c.eventId}): ${describe(c.before)} -> ${describe(c.after)}`;
/**
 * report.pdf: evidence.json in readable form, with the wording of the requester's language.
 * @param {import('./evidence-document.js').EvidenceDocument} doc
 * @param {import('./evidence-report-labels.js').EvidenceLabels} l
 * @returns {Promise<Uint8Array>}
 */
export async function evidenceReportPdf(doc, l) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${l.title}: ${printable(doc.organisation.name)}`);
  pdf.setProducer('Certdesk');
  pdf.setCreator('Certdesk');
  // Fixed dates, so the same content always makes the same bytes.
  pdf.setCreationDate(new Date(doc.generatedAt));
  pdf.setModificationDate(new Date(doc.generatedAt));
  const w = new ReportWriter(
    pdf,
    await pdf.embedFont(StandardFonts.Helvetica),
    await pdf.embedFont(StandardFonts.HelveticaBold),
  );
  w.line(l.title, { size: SIZE.title, bold: true });
  w.line(`${l.organisation}: ${doc.organisation.name}`, { gap: 6 });
  w.line(doc.scope.kind === 'certificate' ? l.scopeCertificate : l.scopeOrganisation);
  w.line(`${l.generatedAt}: ${doc.generatedAt}`);
  w.line(`${l.generatedBy}: ${doc.generatedBy}`);
  w.line(`${l.packId}: ${doc.packId}`);
  w.line(`${l.keyFingerprint}: ${doc.signingKey.fingerprint}`);
  w.line(l.howToVerify, { size: SIZE.small });
  if (doc.notes.length > 0) {
    w.heading(l.notes, SIZE.text);
    for (const note of doc.notes) w.line(note, { indent: 1 });
  }
  for (const c of doc.certificates) {
    w.heading(`${l.certificate}: ${c.subject}`);
    w.line(
      `${l.identifier}: ${[c.identifier.type, c.identifier.value].filter(Boolean).join('=') || l.unknown}${c.identifier.applicationId ? `, ${c.identifier.applicationId}` : ''} (${c.environment})`,
    );
    w.line(`${l.serial}: ${c.serialNumber}`);
    w.line(`${l.fingerprint}: ${c.sha256Fingerprint}`);
    w.line(`${l.validity}: ${c.validity.notBefore} - ${c.validity.notAfter}; ${l.state}: ${c.state}`);
    w.line(
      `${l.keystore}: ${c.keystore ? [c.keystore.host, c.keystore.path, c.keystore.fileName].filter(Boolean).join(' ') : l.unknown}`,
    );
    w.line(`${l.manager}: ${c.manager ?? l.unknown}; ${l.custodian}: ${c.passwordCustodian ?? l.unknown}`);
    section(w, l.keystoreHistory, l.none, c.keystoreHistory.map(changeLine));
    section(w, l.managerHistory, l.none, c.managerHistory.map(changeLine));
    section(w, l.custody, l.none, [
      ...c.custody.custodianChanges.map(changeLine),
      ...c.custody.passwordChanges.map(
        (p) =>
          `${p.changedOn}  ${l.passwordChanged}; ${l.custodian}: ${p.custodian ?? l.unknown}${p.note ? ` (${p.note})` : ''}`,
      ),
      ...(c.custody.attestations === null
        ? [l.noAttestations]
        : c.custody.attestations.map(
            (a) =>
              `${a.checkedAt}  ${l.attestation}: ${a.outcome}${a.failure ? ` (${a.failure})` : ''}, ${a.custodian}`,
          )),
    ]);
    section(
      w,
      l.handovers,
      l.none,
      c.handovers.flatMap((h) => [
        `${h.openedAt}  ${h.from} -> ${h.to}: ${h.state}${h.completedAt ? ` (${h.completedAt})` : ''}; ${h.reason}`,
        ...h.signatures.map(
          (s) =>
            `    ${l.signedBy} ${s.signer} (${s.role}), ${s.signedAt}, ${s.signatureAlgorithm}; certificate SHA-256 ${s.signerCertificateSha256}`,
        ),
      ]),
    );
    section(
      w,
      l.reminders,
      l.none,
      c.reminders.map(
        (r) =>
          `${r.sentAt ?? r.createdAt}  ${r.milestone} -> ${r.recipient} (${r.kind}, ${r.state}); ${l.messageId}: ${r.messageId ?? '-'}`,
      ),
    );
    section(
      w,
      l.renewals,
      l.none,
      c.renewals.flatMap((r) => [
        `${r.openedAt}  ${r.state}${r.abandonReason ? ` (${r.abandonReason})` : ''}`,
        ...r.steps.map((s) => `    ${changeLine(s)}`),
      ]),
    );
    section(
      w,
      l.revocations,
      l.none,
      c.revocations.map((r) => `${r.revokedOn}  ${r.reason}${r.note ? ` (${r.note})` : ''}`),
    );
  }
  w.heading(l.auditChain);
  for (const chain of doc.auditChains)
    w.line(`${l.chainHead} ${chain.chain}: event ${chain.head.eventId}, ${chain.head.hash}`, {
      size: SIZE.small,
    });
  for (const e of doc.auditEvents)
    w.line(`#${e.id} ${e.occurredAt} ${e.action} (${e.actor}) hash ${e.hash} previous ${e.previousHash}`, {
      size: SIZE.small,
    });
  return pdf.save({ useObjectStreams: true });
}
function section(w, title, none, lines) {
  w.line(title, { bold: true, gap: 4 });
  if (lines.length === 0) w.line(none, { indent: 1 });
  for (const text of lines) w.line(text, { indent: 1 });
}
