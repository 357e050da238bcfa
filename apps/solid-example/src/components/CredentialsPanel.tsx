import { useAwsCredentials } from '@web-identity/solid';
import { createSignal, type JSX, onCleanup } from 'solid-js';
import { maskKey } from '../format.js';

export function CredentialsPanel(): JSX.Element {
  const { status, credentials, identity, expiresAt, refreshAt, exchangeCount, error } = useAwsCredentials();

  // A one-second clock for the countdown (display only; refresh timing is the library's job).
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));

  const expiresIn = () => {
    const at = expiresAt();
    return at && credentials() ? String(Math.max(0, Math.round((at.getTime() - now()) / 1000))) : '';
  };
  const errorText = () => {
    const e = error();
    return e ? `${e.code}: ${e.message}` : '';
  };

  return (
    <section>
      <h2>Credentials</h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status()}</dd>
        <dt>Subject</dt>
        <dd data-testid="subject">{identity()?.subject ?? ''}</dd>
        <dt>Role</dt>
        <dd data-testid="role-arn">{credentials() ? (identity()?.assumedRoleArn ?? '') : ''}</dd>
        <dt>Access key</dt>
        <dd data-testid="access-key">{maskKey(credentials()?.accessKeyId)}</dd>
        <dt>Expires in (s)</dt>
        <dd data-testid="expires-in">{expiresIn()}</dd>
        <dt>Next refresh</dt>
        <dd data-testid="refresh-at">{refreshAt()?.toISOString() ?? ''}</dd>
        <dt>Exchanges</dt>
        <dd data-testid="exchange-count">{exchangeCount()}</dd>
        <dt>Error</dt>
        <dd class="error" data-testid="error">
          {errorText()}
        </dd>
      </dl>
    </section>
  );
}
