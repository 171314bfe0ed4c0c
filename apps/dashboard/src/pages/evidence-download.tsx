import { useState } from 'react';
import { api, unwrap } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

/**
 * Downloads a certificate's or an organisation's evidence pack for an auditor (docs/evidence.md), its report in the
 * reader's language. Shown to those who may make one; the api checks again.
 */
export function EvidenceDownload({ scope, id }: { scope: 'certificate' | 'organisation'; id: string }) {
  const { m, language } = useI18n();
  const [making, setMaking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setError(null);
    setMaking(true);
    try {
      const options = { params: { path: { id }, query: { language } }, parseAs: 'blob' } as const;
      const blob = await unwrap(
        scope === 'certificate'
          ? api.GET('/api/v1/certificates/{id}/evidence', options)
          : api.GET('/api/v1/organisations/{id}/evidence', options),
      );
      const url = URL.createObjectURL(blob as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `evidence-${scope}-${id}.zip`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (caught) {
      setError(caught);
    } finally {
      setMaking(false);
    }
  };
  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{m.evidence.title}</h2>
      <p>{scope === 'certificate' ? m.evidence.explainCertificate : m.evidence.explainOrganisation}</p>
      <button type="button" className="secondary" onClick={download} disabled={making}>
        {making ? m.evidence.making : m.evidence.download}
      </button>
      <ErrorMessage error={error} />
    </section>
  );
}
