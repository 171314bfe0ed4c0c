import { insertCertificate, insertDeployment, rows } from './lifecycle-fixtures.js';
import { bearer, type TestApp } from './test-app.js';

export interface CutOverCase {
  certificateId: string;
  caseId: string;
  deploymentIds: string[];
  /** The personal link tokens, by the deployment's contact, as the outbox carries them to the notifier. */
  tokens: Map<string, string>;
}

/**
 * A renewable certificate of the organisation with a deployment per contact (null: one without a contact), renewed
 * through phase 3 by `managerToken`: the cut-over links are issued then.
 */
export async function renewedThroughPhase3(
  t: TestApp,
  organisationId: string,
  managerToken: string,
  contacts: (string | null)[],
): Promise<CutOverCase> {
  const certificateId = await insertCertificate(t, { organisationId, expiresInDays: 30 });
  const deploymentIds: string[] = [];
  for (const [index, contact] of contacts.entries()) {
    deploymentIds.push(await insertDeployment(t, certificateId, `Software ${index + 1}`, contact));
  }
  const post = (path: string, status: number) =>
    t
      .http()
      .post(path)
      .set(bearer(managerToken))
      .send({})
      .then((response) => {
        if (response.status !== status)
          throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
        return response;
      });
  const caseId = (await post(`/api/v1/certificates/${certificateId}/renewals`, 201)).body.id as string;
  await post(`/api/v1/renewals/${caseId}/complete`, 200);
  await post(`/api/v1/renewals/${caseId}/activate-etk`, 200);
  const messages = await rows<{ payload: { contactEmail: string; token: string } }>(
    t,
    `SELECT payload FROM outbox_message WHERE topic = 'cut-over.requested' AND payload->>'renewalCaseId' = $1`,
    [caseId],
  );
  return {
    certificateId,
    caseId,
    deploymentIds,
    tokens: new Map(messages.map((m) => [m.payload.contactEmail, m.payload.token])),
  };
}
