import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';

type Demo = components['schemas']['DemoDto'];

/**
 * The demo's log-ins and eID cards, on the log-in page of the demo `npm start` runs. The api answers them only when it
 * runs the demo (GET /api/v1/demo: 404 on every real installation), so nothing shows elsewhere.
 */
export function DemoBanner({ onUse }: { onUse(email: string, password: string): void }) {
  const demo = $api.useQuery('get', '/api/v1/demo', {}, { retry: false, staleTime: Infinity });
  if (!demo.data || demo.data.logins.length === 0) return null;
  return <DemoLogins demo={demo.data} onUse={onUse} />;
}

function DemoLogins({ demo, onUse }: { demo: Demo; onUse(email: string, password: string): void }) {
  const { m } = useI18n();
  const roleText = (login: Demo['logins'][number]) =>
    login.roles
      .map((r) => {
        const role = m.roles[r.role as keyof typeof m.roles] ?? r.role;
        return r.organisationName ? m.demo.roleIn(role, r.organisationName) : role;
      })
      .join('; ');
  return (
    <section className="card demo-banner" aria-labelledby="demo-heading">
      <h2 id="demo-heading">{m.demo.title}</h2>
      <p>{m.demo.intro}</p>
      <ul className="demo-logins">
        {demo.logins.map((login) => (
          <li key={login.email}>
            <button
              type="button"
              className="secondary"
              aria-label={m.demo.useLabel(login.name)}
              onClick={() => onUse(login.email, login.password)}
            >
              {m.demo.use}
            </button>
            <span className="demo-who">
              <strong>{login.name}</strong>, {roleText(login)}
            </span>
            <span className="demo-credentials">
              <code>{login.email}</code> / <code>{login.password}</code>
            </span>
          </li>
        ))}
      </ul>
      {demo.cards && (
        <>
          <h3>{m.demo.cardsTitle}</h3>
          <p>{m.demo.cardsIntro}</p>
          <ul className="demo-cards">
            {demo.cards.holders.map((holder, index) => (
              <li key={holder.key}>
                <code>
                  {demo.cards!.command}
                  {index === 0 ? '' : ` -- ${holder.key}`}
                </code>{' '}
                {m.demo.cardOf(holder.name, holder.organisationName)}
              </li>
            ))}
          </ul>
          <p>{m.demo.cardsThen(demo.cards.pin)}</p>
        </>
      )}
    </section>
  );
}
