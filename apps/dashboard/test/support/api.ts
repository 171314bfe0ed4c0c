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
