// Draws an evidence pack's PDF and seals the pack (EvidencePackBuilder), in a worker thread: for a large pack that is
// seconds of pdf-lib drawing and the zip's compression, which on the main thread would stall every other request.
// Plain JavaScript, so Node loads it as it is, from src/ under Jest and from dist/ at run time; @certdesk/pki
// resolves to its build (libs/pki/dist), as it does for dist/main.js.
import { move } from 'piscina';
import { sealEvidencePack } from '@certdesk/pki';
import { evidenceReportPdf } from './evidence-report-pdf.mjs';

/**
 * @param {{
 *   json: Uint8Array;
 *   labels: import('./evidence-report-labels.js').EvidenceLabels;
 *   packId: string;
 *   scope: { kind: 'certificate' | 'organisation'; id: string };
 *   generatedAt: string;
 *   privateKey: import('node:crypto').KeyObject;
 * }} task
 * @returns {Promise<unknown>} the pack's bytes, moved
 */
export default async function buildInThread({ json, labels, packId, scope, generatedAt, privateKey }) {
  const document = JSON.parse(new TextDecoder().decode(json));
  const pdf = await evidenceReportPdf(document, labels);
  const bytes = sealEvidencePack({
    packId,
    scope,
    generatedAt: new Date(generatedAt),
    json,
    pdf,
    privateKey,
  });
  // The pack's buffer is handed back, not copied.
  return move(bytes);
}
