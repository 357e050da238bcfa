'use client';

import {
  AwsCredentialsProvider,
  type CredentialsClient,
  createCredentialsClient,
  maskAccessKeyId,
  useAwsCredentials,
  webIdentity,
} from '@web-identity/react';
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { type UploadResult, upload } from '../app/actions';

interface AppConfig {
  region: string;
  issuer: string;
  clientId: string;
  roleArn: string;
  stsEndpoint?: string;
}

/** Sign-in state (PKCE verifier, nonce) survives the redirect in sessionStorage; the user stays in memory. */
function userManagerFor(config: AppConfig): UserManager {
  const redirectUri = `${location.origin}/`;
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: redirectUri,
    post_logout_redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile offline_access',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Starts the OIDC client and the browser's own credentials client (the React hook shows its snapshot). */
export function Demo() {
  const [state, setState] = useState<{ client: CredentialsClient; users: UserManager } | { error: string }>();
  useEffect(() => {
    void (async () => {
      try {
        const config = (await (await fetch('/config.json', { cache: 'no-store' })).json()) as AppConfig;
        const users = userManagerFor(config);
        const url = new URL(location.href);
        if (url.searchParams.has('state')) {
          const user = await users.signinCallback();
          history.replaceState(null, '', '/');
          // The server acts as this user in server actions: its ID token goes into an httpOnly session cookie.
          if (user?.id_token) await session('POST', user.id_token);
        }
        const client = createCredentialsClient({
          region: config.region,
          source: webIdentity({ roleArn: config.roleArn, endpoint: config.stsEndpoint }),
          getIdToken: async () => (await users.getUser())?.id_token ?? null,
        });
        setState({ client, users });
      } catch (err) {
        setState({ error: String(err) });
      }
    })();
  }, []);
  if (!state) return <p>Loading…</p>;
  if ('error' in state) return <p role="alert">Could not start: {state.error}</p>;
  return (
    <AwsCredentialsProvider client={state.client}>
      <Panel users={state.users} />
      <Files users={state.users} />
    </AwsCredentialsProvider>
  );
}

function session(method: 'POST' | 'DELETE', token?: string): Promise<Response> {
  return fetch('/api/session', { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

function Panel({ users }: { users: UserManager }) {
  const { status, identity, credentials, exchangeCount, signOut } = useAwsCredentials();
  const onSignOut = async () => {
    await session('DELETE');
    await users.removeUser();
    signOut();
  };
  return (
    <section>
      <h2>Credentials (in this browser, from the React hook)</h2>
      <div className="buttons">
        <button type="button" data-testid="sign-in" onClick={() => void users.signinRedirect()}>
          Sign in
        </button>
        <button type="button" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </div>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status}</dd>
        <dt>Subject</dt>
        <dd data-testid="subject">{identity?.subject ?? ''}</dd>
        <dt>Access key</dt>
        <dd data-testid="access-key">{credentials ? maskAccessKeyId(credentials.accessKeyId) : ''}</dd>
        <dt>Exchanges</dt>
        <dd data-testid="exchange-count">{exchangeCount}</dd>
      </dl>
    </section>
  );
}

function Files({ users }: { users: UserManager }) {
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  const show = (out: UploadResult) => {
    setResult('stored' in out ? `uploaded ${out.stored}` : '');
    setError('error' in out ? out.error : '');
  };
  const send = async (form: FormData) => show(await upload(form));
  const probe = async () => {
    const form = new FormData();
    form.set('file', new File(['probe'], 'probe.txt', { type: 'text/plain' }));
    form.set('owner', 'someone-else');
    show(await upload(form));
  };
  const list = async () => {
    const token = (await users.getUser())?.id_token;
    const res = await fetch('/api/files', { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const body = (await res.json()) as { keys?: string[]; code?: string; error?: string };
    setKeys(body.keys ?? []);
    setError(res.ok ? '' : (body.code ?? body.error ?? String(res.status)));
  };
  return (
    <section>
      <h2>Your uploads (server action and route handler, with your own credentials on the server)</h2>
      <form action={send} className="buttons">
        <input type="file" name="file" data-testid="file-input" />
        <button type="submit" data-testid="upload">
          Upload
        </button>
        <button type="button" data-testid="list" onClick={list}>
          Reload list
        </button>
        <button type="button" data-testid="other-upload" onClick={probe}>
          Try someone else&apos;s folder
        </button>
      </form>
      <p data-testid="upload-result">{result}</p>
      <p data-testid="s3-error" role={error ? 'alert' : undefined}>
        {error}
      </p>
      <ul data-testid="uploads">
        {keys.map((key) => (
          <li key={key}>{key}</li>
        ))}
      </ul>
    </section>
  );
}
