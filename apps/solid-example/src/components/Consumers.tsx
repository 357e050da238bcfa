import { useAwsCredentials } from '@web-identity/solid';
import { type JSX, Show } from 'solid-js';

// Each consumer subscribes on its own; the library still makes one exchange for all of them.
export function ConsumerStatus(): JSX.Element {
  const { status } = useAwsCredentials();
  return (
    <p>
      Status badge: <span data-testid="consumer-status">{status()}</span>
    </p>
  );
}

export function ConsumerExpiry(): JSX.Element {
  const { status, expiresAt } = useAwsCredentials();
  return (
    <p>
      Expiry watcher: <span data-testid="consumer-status">{status()}</span>
      <Show when={expiresAt()}>{(at) => <span> until {at().toLocaleTimeString()}</span>}</Show>
    </p>
  );
}

export function ConsumerIdentity(): JSX.Element {
  const { status, identity, credentials } = useAwsCredentials();
  return (
    <p>
      Identity card: <span data-testid="consumer-status">{status()}</span>
      <Show when={credentials() != null}>
        <span> signed in as {identity()?.subject}</span>
      </Show>
    </p>
  );
}
