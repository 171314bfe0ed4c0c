import { withMod97CheckDigits } from '@certdesk/domain';
import type { TestApp } from './test-app.js';
import { bearer } from './test-app.js';

let counter = 0;
/** A CBE number with valid check digits, different each call. */
export function uniqueCbe(): string {
  counter += 1;
  const first8 = String(2_000_000 + counter * 7919 + Math.floor(Math.random() * 1000)).padStart(8, '0');
  return withMod97CheckDigits(first8);
}

export async function createOrganisation(
  t: TestApp,
  body: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
  const response = await t
    .http()
    .post('/api/v1/organisations')
    .set(bearer(t.adminToken))
    .send({
      name: `Organisation ${++counter}`,
      identifiers: [{ type: 'CBE', value: uniqueCbe() }],
      contacts: [{ email: `info${counter}@org.test`, language: 'fr', generic: true }],
      ...body,
    });
  if (response.status !== 201)
    throw new Error(`creating an organisation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface TestUser {
  id: string;
  personId: string;
  email: string;
  password: string;
  token: string;
}

/** A user with the given roles, logged in. */
export async function createUser(
  t: TestApp,
  roles: { role: string; organisationId?: string | null }[],
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const email = `user${++counter}-${Date.now()}@certdesk.test`;
  const password = 'a-long-enough-password';
  const response = await t
    .http()
    .post('/api/v1/users')
    .set(bearer(t.adminToken))
    .send({ email, name: `User ${counter}`, password, roles, ...extra });
  if (response.status !== 201)
    throw new Error(`creating a user failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    id: response.body.id,
    personId: response.body.personId,
    email,
    password,
    token: await t.login(email, password),
  };
}
