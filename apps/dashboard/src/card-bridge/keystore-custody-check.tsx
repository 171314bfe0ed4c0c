import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { KeystoreCheckResultDto } from '@certdesk/contracts';
import { api, unwrap } from '../api/client.js';
import type { CertificateDetail } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { CardBridgePairing, usePairedBridge } from './bridge-panel.js';
import { locationOf, namesNoKeystoreFile, recordedKeystoreFile } from './keystore-location.js';

/**
 * "Check that I can still open this keystore", for the certificate's password custodian at the PC holding the
 * keystore: the card-bridge there asks for the password (its window or password program) and opens the keystore; this
 * page only ever sees the outcome and public fingerprints, which it posts to the api as the custody attestation. A
 * failed attempt is recorded too: that is how a lost password is found before the renewal needs it.
 */
export function KeystoreCustodyCheck({ certificate: c }: { certificate: CertificateDetail }) {
  const { m, dateTime } = useI18n();
  const session = useSession();
  const bridge = usePairedBridge();
  const queryClient = useQueryClient();
  const [location, setLocation] = useState(() => recordedKeystoreFile(c.keystore));
  const [stage, setStage] = useState<'idle' | 'asking' | 'recording'>('idle');
  const [recorded, setRecorded] = useState<KeystoreCheckResultDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notAKeystoreFile, setNotAKeystoreFile] = useState(false);
  const listed = useQuery({
    queryKey: ['card-bridge', bridge?.baseUrl, 'keystores'],
    queryFn: () => bridge!.keystores(),
    enabled: bridge !== null,
    retry: false,
  });

  const custodian = c.passwordCustodian;
  if (!custodian) return <p className="hint">{m.custodyCheck.noCustodian}</p>;
  if (session.me?.personId !== custodian.id)
    return <p className="hint">{m.custodyCheck.onlyCustodian(custodian.name)}</p>;

  const check = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!bridge) return;
    setError(null);
    setRecorded(null);
    const target = locationOf(location.trim());
    // Said here, in the reader's words: the bridge would only answer that the request is not valid.
    const folderOnly = namesNoKeystoreFile(target);
    setNotAKeystoreFile(folderOnly);
    if (folderOnly) return;
    try {
      setStage('asking');
      const result = await bridge.checkKeystore(target);
      setStage('recording');
      // Posted exactly as the bridge answered: the api checks the fingerprints against this certificate.
      await unwrap(
        api.POST('/api/v1/certificates/{id}/custody-attestations', {
          params: { path: { id: c.id } },
          body: result,
        }),
      );
      setRecorded(result);
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setStage('idle');
    }
  };

  return (
    <div className="custody-check">
      <p className="hint">{m.custodyCheck.intro}</p>
      <CardBridgePairing />
      {bridge && (
        <form className="form" onSubmit={(event) => void check(event)}>
          <label>
            <span>{m.custodyCheck.location}</span>
            <input
              name="keystoreLocation"
              required
              maxLength={4096}
              list="bridge-keystores"
              value={location}
              aria-invalid={notAKeystoreFile || undefined}
              aria-describedby={notAKeystoreFile ? 'keystore-location-problem' : undefined}
              onChange={(event) => setLocation(event.target.value)}
            />
          </label>
          {notAKeystoreFile && (
            <p className="error" role="alert" id="keystore-location-problem">
              {m.custodyCheck.notAKeystoreFile}
            </p>
          )}
          <datalist id="bridge-keystores">
            {listed.data?.keystores.map((keystore) => (
              <option key={keystore.path} value={keystore.path} />
            ))}
          </datalist>
          <button type="submit" disabled={stage !== 'idle'}>
            {m.custodyCheck.check}
          </button>
        </form>
      )}
      {stage === 'asking' && (
        <p className="notice" role="status">
          {m.custodyCheck.typePasswordThere}
        </p>
      )}
      {recorded && (
        <p
          className={recorded.outcome === 'opened' ? 'ok' : 'error'}
          role="status"
          data-outcome={recorded.outcome}
        >
          <span aria-hidden="true">{recorded.outcome === 'opened' ? '✓ ' : '✗ '}</span>
          {recorded.outcome === 'opened'
            ? m.custodyCheck.opened(dateTime(recorded.checkedAt))
            : m.custodyCheck.failed[recorded.failure ?? 'unreadable'](dateTime(recorded.checkedAt))}
        </p>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
