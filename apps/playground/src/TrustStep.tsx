import type { User } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { accountOf, type PlaygroundConfig, providerOf } from './config.js';
import { Explanation } from './Explanation.js';
import type { KitControl, TrustExplanation } from './kit.js';
import { Json } from './Md.js';

/** What the trust policy of a role for this IdP looks like (shown when there is no kit to ask). */
function expectedTrustPolicy(config: PlaygroundConfig) {
  const provider = providerOf(config.issuer);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${accountOf(config.roleArn)}:oidc-provider/${provider}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${provider}:aud`]: config.clientId } },
      },
    ],
  };
}

/** Step 3: the role's trust policy, and the kit's verdict for this very token. */
export function TrustStep({
  user,
  config,
  kit,
  onExplained,
}: {
  user: User | null;
  config: PlaygroundConfig;
  kit: KitControl | null;
  onExplained: (why: TrustExplanation | null) => void;
}) {
  const [why, setWhy] = useState<TrustExplanation | null>(null);
  const [error, setError] = useState('');
  const token = user?.id_token;
  useEffect(() => {
    setWhy(null);
    onExplained(null);
    if (!kit || !token) return;
    let live = true;
    kit.explain(config.roleArn, token).then(
      (w) => {
        if (!live) return;
        setWhy(w);
        onExplained(w);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [kit, token, config.roleArn, onExplained]);

  return (
    <section data-testid="step-trust" aria-labelledby="trust-title">
      <h2 id="trust-title">3. The trust policy verdict</h2>
      <p className="hint">
        Role <code>{config.roleArn}</code>. Its <em>trust policy</em> says who may assume it: the IAM OIDC
        provider of your IdP (<code>Principal.Federated</code>) and conditions on the token’s claims.
      </p>
      {!kit ? (
        <>
          <p data-testid="trust-no-kit">
            Real STS only answers AccessDenied, without saying which condition failed; the local kit explains
            its decision. A trust policy for this IdP and client looks like this:
          </p>
          <Json value={expectedTrustPolicy(config)} testId="trust-policy" />
        </>
      ) : !token ? (
        <p className="hint">Sign in first.</p>
      ) : (
        <>
          {why?.role && <Json value={why.role.trustPolicy} testId="trust-policy" />}
          {why && <Explanation why={why} testId="trust" />}
          {error && <p role="alert">{error}</p>}
        </>
      )}
    </section>
  );
}
