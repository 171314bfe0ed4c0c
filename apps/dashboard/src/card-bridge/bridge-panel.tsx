import { createContext, useContext, useState, type ReactNode } from 'react';
import { CARD_BRIDGE_DEFAULT_PORT } from '@certdesk/contracts';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { CardBridgeClient } from './bridge-client.js';

/** The pairing token lives only as long as this tab (and the bridge keeps it 12 hours at most). */
const PAIRING_KEY = 'certdesk.card-bridge';

function restore(): CardBridgeClient | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PAIRING_KEY) ?? 'null') as {
      port: number;
      token: string;
    } | null;
    return saved ? new CardBridgeClient(saved.port, saved.token) : null;
  } catch {
    return null;
  }
}

const BridgeContext = createContext<{
  bridge: CardBridgeClient | null;
  setBridge(b: CardBridgeClient | null): void;
}>({
  bridge: null,
  setBridge: () => {},
});

export function CardBridgeProvider({ children }: { children: ReactNode }) {
  const [bridge, setBridge] = useState<CardBridgeClient | null>(restore);
  return <BridgeContext.Provider value={{ bridge, setBridge }}>{children}</BridgeContext.Provider>;
}

/** The paired bridge, or null. */
export function usePairedBridge(): CardBridgeClient | null {
  return useContext(BridgeContext).bridge;
}

/** Find the bridge on this PC, then pair it with the code its terminal shows. */
export function CardBridgePairing() {
  const { m } = useI18n();
  const { bridge, setBridge } = useContext(BridgeContext);
  const [port, setPort] = useState(String(CARD_BRIDGE_DEFAULT_PORT));
  const [found, setFound] = useState<CardBridgeClient | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (bridge?.paired) {
    return (
      <p className="ok" role="status">
        <span aria-hidden="true">✓ </span>
        {m.bridge.paired(bridge.baseUrl)}{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            sessionStorage.removeItem(PAIRING_KEY);
            setBridge(null);
          }}
        >
          {m.bridge.forget}
        </button>
      </p>
    );
  }
  return (
    <div className="bridge">
      <p className="hint">{m.bridge.intro}</p>
      {!found ? (
        <form
          className="form inline"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const candidate = new CardBridgeClient(Number(port));
              // Asking for a code is what finds it: the pairing routes are the only ones that answer without a
              // token (status would refuse with PAIRING_REQUIRED), and it also proves the bridge accepts this site.
              await candidate.requestPairingCode();
              setFound(candidate);
            });
          }}
        >
          <label>
            <span>{m.bridge.port}</span>
            <input
              inputMode="numeric"
              pattern="[0-9]{2,5}"
              value={port}
              onChange={(e) => setPort(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {m.bridge.find}
          </button>
        </form>
      ) : (
        <form
          className="form inline"
          onSubmit={(e) => {
            e.preventDefault();
            void attempt(async () => {
              const answer = await found.pair(code);
              sessionStorage.setItem(PAIRING_KEY, JSON.stringify({ port: found.port, token: answer.token }));
              setBridge(new CardBridgeClient(found.port, answer.token));
            });
          }}
        >
          <label>
            <span>{m.bridge.code}</span>
            <input autoComplete="off" required value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {m.bridge.pair}
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
