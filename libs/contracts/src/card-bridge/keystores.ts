// The eHealth keystores the card-bridge finds on the manager's PC, and what it reports to the api.
// Never a password, a private key or a PIN.
import type { CertificateDescription } from '@certdesk/domain';

/** One file in the keystore folder. */
export interface KeystoreFileDto {
  fileName: string;
  /** Absolute path on this PC. */
  path: string;
  sizeBytes: number;
  modifiedAt: string;
  /** From the eHealth file name `<TYPE>=<ID> <yyyyMMdd-HHmmss>.p12`; null when the name does not follow it. */
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  /** The creation time written in the file name (local time of the PC that wrote it, as ISO without offset). */
  createdAt: string | null;
  /** Whether the request file (`<same name>.ehcsr`) lies beside it. */
  requestFilePresent: boolean;
}

/** GET /v1/keystores */
export interface KeystoreListDto {
  folder: string;
  /** False when the folder does not exist (nothing was ever requested on this PC, or another folder is used). */
  folderExists: boolean;
  keystores: KeystoreFileDto[];
}

/** POST /v1/keystores/inspect. The password is used in memory for this request only. */
export interface KeystoreInspectRequestDto {
  /** A file name from the listing (no folders: only files in the keystore folder can be opened). */
  fileName: string;
  password: string;
}

/** One entry of a keystore, in the eHealth layout (libs/pki reads it). */
export interface KeystoreEntryDto {
  /** The alias (friendly name); null when the entry has none. */
  alias: string | null;
  /** `authentication`: the eHealth key and certificate; `etk`: an ETK decryption key (alias = the ETK
   * certificate's serial, decimal); `ca`: a CA certificate; `other`: anything else. */
  role: 'authentication' | 'etk' | 'ca' | 'other';
  hasPrivateKey: boolean;
  /** SHA-256 fingerprint (hex) of the entry's certificate; null for a key still waiting for its certificate. */
  certificateFingerprint: string | null;
}

/** What a keystore holds: never a key, only what can be said about it. */
export interface KeystoreContentsDto {
  /** Every certificate in the keystore, described by libs/domain (with its alias and whether its key is there). */
  certificates: CertificateDescription[];
  entries: KeystoreEntryDto[];
  /** Whether the `authentication` entry is there (a key was generated: a request was made). */
  authenticationEntryPresent: boolean;
  /** Whether that key has its certificate: the request was completed. */
  requestCompleted: boolean;
  /** The ETK decryption keys' aliases. */
  etkKeys: string[];
  /** Aliases of keys whose certificate is not in the keystore (a request sent but not completed). */
  pendingKeys: string[];
}

/** The answer to /v1/keystores/inspect. */
export interface KeystoreInspectionDto extends KeystoreContentsDto {
  file: KeystoreFileDto;
  hostName: string;
  /** Whether the password meets the eHealth keystore password policy, and the rules it breaks. Local only. */
  passwordPolicy: { compliant: boolean; failedRules: { rule: string; message: string }[] };
}

/** POST /v1/keystores/report: inspect a keystore and report it to the api. */
export interface KeystoreReportRequestDto extends KeystoreInspectRequestDto {
  /** The user's Certdesk api token, passed on to the api as `Authorization: Bearer`. Never stored. */
  apiToken: string;
}

/**
 * What the bridge POSTs to `<api>/api/v1/keystores/report`: where a keystore lives and what it holds,
 * so the api can record the keystore's host and path on the certificates inside it. Nothing secret:
 * no password, no key, no verdict on the password.
 */
export interface KeystoreReportDto extends KeystoreContentsDto {
  reportedAt: string;
  hostName: string;
  /** Absolute path of the keystore on that host. */
  path: string;
  fileName: string;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  createdAt: string | null;
}

/** The bridge's answer to /v1/keystores/report. */
export interface KeystoreReportResultDto {
  report: KeystoreReportDto;
  /** The api's HTTP status. */
  apiStatus: number;
}
