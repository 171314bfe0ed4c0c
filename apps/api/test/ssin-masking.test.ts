import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { testPki, upload } from './support/import-fixtures.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const SSIN = '85073003328';
const MASKED = '850730-***-**';

/** SSINs are masked in every answer, except to the person themself and to central administrators. */
describe('SSIN masking in answers', () => {
  let t: TestApp;
  let organisationId: string;
  let viewer: TestUser;
  let holder: TestUser;
  let certificateId: string;
  let importAnswer: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ id: organisationId } = await createOrganisation(t));
    viewer = await createUser(t, [{ role: 'org-admin', organisationId }]);
    // The care provider herself, a user of the organisation with her SSIN.
    holder = await createUser(t, [{ role: 'viewer', organisationId }], { ssin: SSIN });
    const pki = await testPki();
    const certificate = await pki.issueEhealthCertificate({
      identifierType: 'SSIN',
      identifierValue: SSIN,
      holderName: 'Elise Janssens',
    });
    const response = await upload(
      t,
      viewer.token,
      [{ name: `SSIN=${SSIN} 20240101-101010.pem`, bytes: certificate.pem }],
      {
        organisationId,
      },
    ).expect(200);
    importAnswer = JSON.stringify(response.body);
    certificateId = response.body.files[0].certificates[0].certificateId;
  });
  afterAll(() => t.close());

  const answers = (token: string) =>
    Promise.all([
      t.http().get(`/api/v1/certificates?organisationId=${organisationId}`).set(bearer(token)).expect(200),
      t.http().get(`/api/v1/certificates/${certificateId}`).set(bearer(token)).expect(200),
      t.http().get(`/api/v1/audit?organisationId=${organisationId}`).set(bearer(token)).expect(200),
      t.http().get(`/api/v1/people?organisationId=${organisationId}`).set(bearer(token)).expect(200),
    ]).then((responses) => responses.map((r) => JSON.stringify(r.body)) as [string, string, string, string]);

  it('shows another member of the organisation only the masked SSIN, in the import answer too', async () => {
    expect(importAnswer).not.toContain(SSIN);
    expect(importAnswer).toContain(`SSIN=${MASKED}`);
    const [list, detail, audit, people] = await answers(viewer.token);
    for (const body of [list, detail, audit, people]) expect(body).not.toContain(SSIN);
    expect(JSON.parse(detail).ehealth).toMatchObject({ identifierType: 'SSIN', identifierValue: MASKED });
    expect(JSON.parse(detail).subject).toContain(`SSIN=${MASKED}`);
    expect(people).toContain(MASKED);
  });

  it('shows the person her own SSIN, and the central administrator every SSIN', async () => {
    for (const token of [holder.token, t.adminToken]) {
      const [list, detail, , people] = await answers(token);
      expect(JSON.parse(detail).ehealth.identifierValue).toBe(SSIN);
      expect(list).toContain(SSIN);
      expect(people).toContain(SSIN);
    }
  });
});
