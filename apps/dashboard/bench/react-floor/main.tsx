// The React floor's page (../react-floor.ts): React alone, no router, no query cache, no layout, showing the same
// list as ../floor-page.ts with the same cells, at its load (`?load`) or on a click of its one button.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface ListedCertificate {
  id: string;
  subject: string;
  status: string;
  notAfter: string;
  daysLeft: number;
  organisationName?: string;
  ehealth?: { identifierType: string; identifierValue: string; holderName?: string; environment?: string };
  manager?: { name?: string };
  renewal?: { phase?: string };
}

// The token and the list's path come in the address's fragment (never sent to a server).
const fragment = new URLSearchParams(location.hash.slice(1));

async function fetchList(): Promise<ListedCertificate[]> {
  const response = await fetch(fragment.get('list') ?? '', {
    headers: { authorization: `Bearer ${fragment.get('token')}` },
  });
  return ((await response.json()) as { items: ListedCertificate[] }).items;
}

function Row({ certificate: c }: { certificate: ListedCertificate }) {
  const cells = [
    c.ehealth ? `${c.ehealth.identifierType}=${c.ehealth.identifierValue}` : c.subject,
    c.ehealth?.holderName,
    c.organisationName,
    c.ehealth?.environment,
    c.status,
    new Date(c.notAfter).toLocaleDateString(),
    c.daysLeft,
    c.manager?.name,
    c.renewal?.phase,
  ];
  return (
    <tr data-certificate-id={c.id}>
      {cells.map((text, column) => (
        <td key={column}>{text ?? '—'}</td>
      ))}
    </tr>
  );
}

function List() {
  const [items, setItems] = useState<ListedCertificate[]>([]);
  const show = () => void fetchList().then(setItems);
  useEffect(() => {
    if (new URLSearchParams(location.search).has('load')) void fetchList().then(setItems);
  }, []);
  return (
    <>
      <button type="button" onClick={show}>
        Certificates
      </button>
      <table>
        <tbody>
          {items.map((certificate) => (
            <Row key={certificate.id} certificate={certificate} />
          ))}
        </tbody>
      </table>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <List />
  </StrictMode>,
);
