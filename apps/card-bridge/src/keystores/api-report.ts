// Reports a keystore inspection to the Certdesk api, so it records where the keystore lives. The report
// holds nothing secret (see KeystoreReportDto); the user's api token is passed on, never stored.
import {
  API_KEYSTORE_REPORT_PATH,
  type KeystoreInspectionDto,
  type KeystoreReportDto,
} from '@certdesk/contracts';
import { CardBridgeError } from '../errors.js';

const API_TIMEOUT_MS = 10_000;

export function keystoreReport(inspection: KeystoreInspectionDto, reportedAt: Date): KeystoreReportDto {
  const {
    file,
    hostName,
    certificates,
    entries,
    authenticationEntryPresent,
    requestCompleted,
    etkKeys,
    pendingKeys,
  } = inspection;
  return {
    reportedAt: reportedAt.toISOString(),
    hostName,
    path: file.path,
    fileName: file.fileName,
    identifierType: file.identifierType,
    identifierValue: file.identifierValue,
    applicationId: file.applicationId,
    createdAt: file.createdAt,
    certificates,
    entries,
    authenticationEntryPresent,
    requestCompleted,
    etkKeys,
    pendingKeys,
  };
}

/** POSTs the report to `<apiUrl>/api/v1/keystores/report`; resolves to the api's HTTP status. */
export async function sendKeystoreReport(
  apiUrl: string,
  apiToken: string,
  report: KeystoreReportDto,
): Promise<number> {
  const url = `${apiUrl.replace(/\/+$/, '')}${API_KEYSTORE_REPORT_PATH}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new CardBridgeError(
      'API_REPORT_FAILED',
      `The Certdesk api at ${apiUrl} could not be reached (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new CardBridgeError(
      'API_REPORT_FAILED',
      `The Certdesk api refused the keystore report (HTTP ${response.status}).`,
    );
  }
  return response.status;
}
