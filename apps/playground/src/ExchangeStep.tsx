import { useAwsCredentials } from '@web-identity/react';
import { useSyncExternalStore } from 'react';
import type { ExchangeWatch } from './watch.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function Pairs({ values, testId }: { values: Record<string, string>; testId: string }) {
  return (
    <dl data-testid={testId}>
      {Object.entries(values).map(([k, v]) => (
        <div key={k} className="pair">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Step 4: the AssumeRoleWithWebIdentity call the library made, and the refresh plan from its events. */
export function ExchangeStep({ watch }: { watch: ExchangeWatch }) {
  const { exchange, plan, next } = useSyncExternalStore(watch.subscribe, watch.getSnapshot);
  const { status, expiresAt, exchangeCount, error } = useAwsCredentials();
  return (
    <section data-testid="step-exchange" aria-labelledby="exchange-title">
      <h2 id="exchange-title">4. The exchange: AssumeRoleWithWebIdentity</h2>
      <p className="hint">
        An unsigned POST to STS: the ID token is the proof. <code>@web-identity/react</code> made this call;
        the playground only watches its transport and its events.
      </p>
      {!exchange ? (
        <p className="hint">No exchange yet: sign in.</p>
      ) : (
        <>
          <h3>Request to {exchange.endpoint}</h3>
          <Pairs values={exchange.request} testId="exchange-request" />
          <h3>Response</h3>
          {exchange.response && <Pairs values={exchange.response} testId="exchange-response" />}
          {exchange.error && <p data-testid="exchange-error">{exchange.error}</p>}
        </>
      )}
      {plan && (
        <>
          <h3>Refresh plan</h3>
          <dl data-testid="exchange-plan">
            <dt>Lifetime granted</dt>
            <dd data-testid="plan-lifetime">{plan.lifetimeSeconds} s</dd>
            <dt>Clock offset (AWS − this device)</dt>
            <dd data-testid="plan-offset">{plan.clockOffsetMs} ms, from the response Date header</dd>
            <dt>Advisory window</dt>
            <dd data-testid="plan-advisory">
              {seconds(plan.windows.advisory)} before expiry: refresh, keep the old keys if that fails
            </dd>
            <dt>Mandatory window</dt>
            <dd data-testid="plan-mandatory">
              {seconds(plan.windows.mandatory)} before expiry: callers wait for new keys
            </dd>
            <dt>Next refresh</dt>
            <dd data-testid="plan-next">{next ? `${next.at.toISOString()} (${next.reason})` : ''}</dd>
            <dt>Expires</dt>
            <dd data-testid="plan-expires">{expiresAt?.toISOString() ?? ''}</dd>
            <dt>Status · exchanges</dt>
            <dd>
              {status} · <span data-testid="exchange-count">{exchangeCount}</span>
              {error ? ` · last error ${error.code}` : ''}
            </dd>
          </dl>
        </>
      )}
    </section>
  );
}
