import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app.js';
import { SessionProvider } from './auth/session.js';
import { CardBridgeProvider } from './card-bridge/bridge-panel.js';
import { I18nProvider } from './i18n/i18n.js';
import { preloadAtStart, preloadOnLinkPress } from './page-data.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 1 && !(error && typeof error === 'object' && 'code' in error),
    },
  },
});

// The session's check and the page the address opens, and the page a pressed link leads to, ask for their data
// before they render.
preloadAtStart(queryClient);
preloadOnLinkPress(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <SessionProvider>
            <CardBridgeProvider>
              <App />
            </CardBridgeProvider>
          </SessionProvider>
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
