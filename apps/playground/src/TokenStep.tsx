import type { User } from 'oidc-client-ts';
import { accountOf, type PlaygroundConfig, providerOf } from './config.js';
import { Json } from './Md.js';

function decodePart(part: string | undefined): Record<string, unknown> {
  try {
    const b64 = (part ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The five claims AWS reads, each in one line, and what AWS compares it with. */
function claimRows(claims: Record<string, unknown>, config: PlaygroundConfig) {
  const provider = providerOf(String(claims.iss ?? config.issuer));
  const when = (v: unknown) => (typeof v === 'number' ? new Date(v * 1000).toISOString() : '(missing)');
  return [
    {
      claim: 'iss',
      value: String(claims.iss ?? '(missing)'),
      means: 'who issued the token: your identity provider',
      aws: `must equal, character for character, the URL of an IAM OIDC provider in the account (arn:aws:iam::${accountOf(config.roleArn)}:oidc-provider/${provider})`,
    },
    {
      claim: 'aud',
      value: JSON.stringify(claims.aud ?? '(missing)'),
      means: 'whom the token is for: your app’s OIDC client ID',
      aws: `must be in that provider’s audience (client ID) list, and is the trust policy key ${provider}:aud`,
    },
    {
      claim: 'sub',
      value: String(claims.sub ?? '(missing)'),
      means: 'the user, stable at this IdP',
      aws: `the trust policy key ${provider}:sub and the policy variable \${${provider}:sub}; STS returns it as SubjectFromWebIdentityToken`,
    },
    {
      claim: 'exp',
      value: when(claims.exp),
      means: 'when the token stops being valid',
      aws: 'compared with STS’s clock: past it, ExpiredTokenException (the library: ExpiredIdentityToken)',
    },
    {
      claim: 'iat',
      value: when(claims.iat),
      means: 'when the token was issued',
      aws: 'must be present; the library refuses a token without it as NotAnIdToken before any call',
    },
  ];
}

/** Step 2: the ID token decoded in memory; the signature is not shown, the token is not kept anywhere. */
export function TokenStep({ user, config }: { user: User | null; config: PlaygroundConfig }) {
  const parts = user?.id_token?.split('.') ?? [];
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  return (
    <section data-testid="step-token" aria-labelledby="token-title">
      <h2 id="token-title">2. The ID token, decoded</h2>
      {!user ? (
        <p className="hint">Sign in first.</p>
      ) : (
        <>
          <p className="hint">
            A JWT: header, claims, signature. This is the <strong>ID token</strong> (for AWS); the access
            token is for your APIs. AWS verifies the signature with the IdP’s published keys (JWKS).
          </p>
          <h3>Header</h3>
          <Json value={header} testId="token-header" />
          <h3>Claims</h3>
          <Json value={claims} testId="token-claims" />
          <p data-testid="token-signature">
            Signature: {parts[2]?.length ?? 0} characters of {String(header.alg)} signature, not shown.
          </p>
          <table className="claims">
            <thead>
              <tr>
                <th>claim</th>
                <th>value</th>
                <th>what it says</th>
                <th>what AWS compares it with</th>
              </tr>
            </thead>
            <tbody>
              {claimRows(claims, config).map((row) => (
                <tr key={row.claim} data-testid={`claim-${row.claim}`}>
                  <td>
                    <code>{row.claim}</code>
                  </td>
                  <td>
                    <code>{row.value}</code>
                  </td>
                  <td>{row.means}</td>
                  <td>{row.aws}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
