// Names for the api's answer shapes, all from the generated schema.
export type {
  AuditEventDto as AuditEvent,
  AuditVerificationDto as AuditVerification,
  CertificateDetailDto as CertificateDetail,
  CertificateDto as Certificate,
  CertificateRenewalCaseDto as CertificateRenewalCase,
  ImportResultDto as ImportResult,
  MeDto as Me,
  OrganisationDto as Organisation,
  OrganisationNameDto as OrganisationName,
} from './schema.js';
import type { paths } from './schema.js';

export type CertificateListQuery = NonNullable<paths['/api/v1/certificates']['get']['parameters']['query']>;
