import type { UserManager } from 'oidc-client-ts';
import { useState } from 'react';
import { CallStep } from './CallStep.js';
import type { PlaygroundConfig } from './config.js';
import { ExchangeStep } from './ExchangeStep.js';
import type { KitControl, TrustExplanation } from './kit.js';
import { MistakesStep } from './MistakesStep.js';
import { SignInStep } from './SignInStep.js';
import { TokenStep } from './TokenStep.js';
import { TrustStep } from './TrustStep.js';
import { useOidcUser } from './useOidcUser.js';
import type { ExchangeWatch } from './watch.js';

export function App(props: {
  config: PlaygroundConfig;
  userManager: UserManager;
  kit: KitControl | null;
  watch: ExchangeWatch;
}) {
  const { config, userManager, kit, watch } = props;
  const user = useOidcUser(userManager);
  const [why, setWhy] = useState<TrustExplanation | null>(null);
  return (
    <main>
      <h1>Web identity federation, step by step</h1>
      <p className="hint" data-testid="playground-mode">
        {kit
          ? 'Against the local kit (no AWS account): sign in as alice or bob, password “password”.'
          : `Against ${config.issuer} and AWS ${config.region}: the kit-only explanations are off.`}
      </p>
      <SignInStep userManager={userManager} user={user} />
      <TokenStep user={user} config={config} />
      <TrustStep user={user} config={config} kit={kit} onExplained={setWhy} />
      <ExchangeStep watch={watch} />
      <CallStep config={config} why={why} />
      <MistakesStep config={config} kit={kit} user={user} />
    </main>
  );
}
