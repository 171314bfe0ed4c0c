import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The dashboard's typed client is generated from /api/docs-json: every lifecycle and audit route must type its answer. */
describe('the OpenAPI document for the lifecycle and audit routes', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;

  beforeAll(async () => {
    t = await startTestApp();
    paths = (await t.http().get('/api/docs-json').expect(200)).body.paths;
  });
  afterAll(() => t.close());

  it.each([
    ['post', '/api/v1/certificates/{id}/renewals', '201', 'RenewalCaseDto'],
    ['post', '/api/v1/certificates/{id}/revoke', '200', 'RevocationDto'],
    ['post', '/api/v1/certificates/{id}/password-changes', '201', 'PasswordChangeDto'],
    ['put', '/api/v1/certificates/{id}/manager', '200', 'CertificateDto'],
    ['get', '/api/v1/renewals', '200', 'RenewalCaseDto'],
    ['post', '/api/v1/renewals/{caseId}/complete', '200', 'RenewalCaseDto'],
    ['post', '/api/v1/renewals/{caseId}/activate-etk', '200', 'RenewalCaseDto'],
    ['post', '/api/v1/renewals/{caseId}/deployments-updated', '200', 'RenewalCaseDto'],
    ['post', '/api/v1/renewals/{caseId}/abandon', '200', 'RenewalCaseDto'],
    ['post', '/api/v1/new-requests', '201', 'NewRequestDto'],
    ['get', '/api/v1/new-requests', '200', 'NewRequestDto'],
    ['post', '/api/v1/new-requests/{id}/complete', '200', 'NewRequestDto'],
    ['post', '/api/v1/new-requests/{id}/abandon', '200', 'NewRequestDto'],
    ['get', '/api/v1/audit', '200', 'AuditPageDto'],
    ['post', '/api/v1/audit/verify', '200', 'ChainVerificationDto'],
    ['post', '/api/v1/audit/verifications', '202', 'AuditVerificationStartedDto'],
    ['get', '/api/v1/audit/verifications/{id}', '200', 'AuditVerificationDto'],
  ])('%s %s answers %s with %s', (method, path, status, schema) => {
    const operation = paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(JSON.stringify(operation!.responses[status]?.content)).toContain(`#/components/schemas/${schema}`);
  });
});
