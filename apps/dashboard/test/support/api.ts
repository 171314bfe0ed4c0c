/** What the api answered: its status and its JSON body ({} when empty). */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One call to the api at `baseUrl`, as a script would make it (for set-up and for checks beside the browser). */
export async function callApi(
  baseUrl: string,
  path: string,
  init: { token?: string; method?: string; body?: unknown } = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Imports one certificate file into an organisation through the api, as the import page would; answers its id. */
export async function importCertificate(
  baseUrl: string,
  token: string,
  organisationId: string,
  fileName: string,
  pem: string,
): Promise<string> {
  const [id] = await importCertificates(baseUrl, token, organisationId, [{ fileName, pem }]);
  return id!;
}

/** Imports certificate files into an organisation in one request, as the import page would; answers their ids. */
export async function importCertificates(
  baseUrl: string,
  token: string,
  organisationId: string,
  files: { fileName: string; pem: string }[],
): Promise<string[]> {
  const form = new FormData();
  for (const { fileName, pem } of files) form.append('files', new Blob([pem]), fileName);
  form.append('organisationId', organisationId);
  const imported = await fetch(`${baseUrl}/api/v1/certificates/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  if (imported.status !== 200)
    throw new Error(`the import answered ${imported.status}: ${await imported.text()}`);
  const result = (await imported.json()) as { files: { certificates: { certificateId: string }[] }[] };
  return result.files.map((file) => file.certificates[0]!.certificateId);
}
