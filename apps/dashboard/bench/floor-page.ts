// The floor of the dashboard's figures: the least any page of this origin costs in this chromium on this machine to
// show the list's first page. A static page of two files served by the api beside the dashboard (its CSP allows only
// scripts of its own origin), with no framework: it asks for the same list with the same token and writes the same
// columns' text into a table, at its load (`?load`) or on a click of its one button. Written into the dashboard's
// build for the bench's run and removed after it.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FLOOR_PAGE = '/bench-floor.html';
const FLOOR_SCRIPT = 'bench-floor.js';

const html = (listPath: string) => `<!doctype html>
<html lang="en" data-list="${listPath}">
  <head><meta charset="utf-8" /><title>Floor</title><script type="module" src="/${FLOOR_SCRIPT}"></script></head>
  <body><button type="button">Certificates</button><table><tbody></tbody></table></body>
</html>
`;

// The token comes in the address's fragment (never sent to a server); the columns are the list page's.
const script = `const token = new URLSearchParams(location.hash.slice(1)).get('token');
const show = async () => {
  const response = await fetch(document.documentElement.dataset.list, { headers: { authorization: 'Bearer ' + token } });
  const { items } = await response.json();
  document.querySelector('tbody').replaceChildren(...items.map((c) => {
    const row = document.createElement('tr');
    row.dataset.certificateId = c.id;
    for (const text of [
      c.ehealth ? c.ehealth.identifierType + '=' + c.ehealth.identifierValue : c.subject,
      c.ehealth?.holderName, c.organisationName, c.ehealth?.environment, c.status,
      new Date(c.notAfter).toLocaleDateString(), c.daysLeft, c.manager?.name, c.renewal?.phase,
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text ?? '—';
      row.append(cell);
    }
    return row;
  }));
};
document.querySelector('button').addEventListener('click', show);
if (new URLSearchParams(location.search).has('load')) show();
`;

/** Writes the floor's page into `dist` (before the api starts: its static files are read at start). */
export async function writeFloorPage(dist: string, listPath: string): Promise<void> {
  await writeFile(join(dist, FLOOR_PAGE.slice(1)), html(listPath));
  await writeFile(join(dist, FLOOR_SCRIPT), script);
}

export async function removeFloorPage(dist: string): Promise<void> {
  await rm(join(dist, FLOOR_PAGE.slice(1)), { force: true });
  await rm(join(dist, FLOOR_SCRIPT), { force: true });
}
