import { CredentialsError, createCredentialsClient, fetchTransport, webIdentity } from '@web-identity/react';
import type { User } from 'oidc-client-ts';
import { useState } from 'react';
import type { PlaygroundConfig } from './config.js';
import { Explanation } from './Explanation.js';
import type { KitControl, TrustExplanation } from './kit.js';
import { Md } from './Md.js';
import { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios.js';
import { TROUBLESHOOTING } from './troubleshooting.js';

interface Outcome {
  code: string;
  message: string;
  stsCalls: number | null;
  why: TrustExplanation | null;
}

/**
 * Runs a scenario through the library exactly as an app would: its own client, the scenario's token and
 * role, `getCredentials()`. The client is disposed right after, so its retries cannot outlive the click.
 */
async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<Outcome> {
  const { config, kit } = ctx;
  const before = kit ? await kit.exchangeCalls() : null;
  const { token, roleArn } = await scenario.prepare(ctx);
  const client = createCredentialsClient({
    region: config.region,
    source: webIdentity({ roleArn, ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}) }),
    getIdToken: async () => token,
    transport: fetchTransport(),
    broadcastChannel: false, // a scenario must not sign the page's real session out in other tabs
    crossTab: false, // nor take the page's own keys from a peer tab instead of calling STS
  });
  let code = 'none';
  let message = 'the exchange succeeded';
  try {
    await client.getCredentials();
  } catch (err) {
    code = err instanceof CredentialsError ? err.code : 'unexpected';
    message = (err as Error).message;
  } finally {
    client.dispose();
  }
  const stsCalls = kit && before !== null ? (await kit.exchangeCalls()) - before : null;
  const why = kit && scenario.explain ? await kit.explain(roleArn, token) : null;
  return { code, message, stsCalls, why };
}

/** Step 6: mistakes on purpose, each with the error the library raises and the README's fix. */
export function MistakesStep({
  config,
  kit,
  user,
}: {
  config: PlaygroundConfig;
  kit: KitControl | null;
  user: User | null;
}) {
  const [outcomes, setOutcomes] = useState<Record<string, Outcome | string>>({});
  const run = async (scenario: Scenario) => {
    if (!user) return;
    setOutcomes((o) => ({ ...o, [scenario.id]: 'running…' }));
    const outcome = await runScenario(scenario, { config, kit, user }).catch((e: Error) => e.message);
    setOutcomes((o) => ({ ...o, [scenario.id]: outcome }));
  };
  return (
    <section data-testid="step-mistakes" aria-labelledby="mistakes-title">
      <h2 id="mistakes-title">6. Mistakes on purpose</h2>
      <p className="hint">
        Each button runs one classic mistake against the {kit ? 'local kit' : 'configured AWS'} through the
        library, and shows what it raises and what to do: the same words as the README’s troubleshooting
        table.
      </p>
      {SCENARIOS.map((s) => {
        const out = outcomes[s.id];
        const row = TROUBLESHOOTING[s.row];
        const disabled = !user || (s.needsKit && !kit);
        return (
          <div key={s.id} className="mistake" data-testid={`mistake-${s.id}`}>
            <h3>
              <button
                type="button"
                data-testid={`mistake-${s.id}-run`}
                disabled={disabled}
                onClick={() => run(s)}
              >
                {s.title}
              </button>{' '}
              <span className="hint">{s.does}</span>
            </h3>
            {disabled && s.needsKit && !kit && <p className="hint">Needs the local kit.</p>}
            {typeof out === 'string' && <p data-testid={`mistake-${s.id}-status`}>{out}</p>}
            {out && typeof out !== 'string' && (
              <dl>
                <dt>Code</dt>
                <dd data-testid={`mistake-${s.id}-code`}>{out.code}</dd>
                <dt>The library says</dt>
                <dd data-testid={`mistake-${s.id}-message`}>{out.message}</dd>
                <dt>STS calls</dt>
                <dd data-testid={`mistake-${s.id}-calls`}>{out.stsCalls ?? 'unknown (no kit)'}</dd>
                <dt>You see</dt>
                <dd data-testid={`mistake-${s.id}-see`}>
                  <Md text={row.youSee} />
                </dd>
                <dt>Why</dt>
                <dd data-testid={`mistake-${s.id}-why`}>
                  <Md text={row.why} />
                </dd>
                <dt>What to do</dt>
                <dd data-testid={`mistake-${s.id}-fix`}>
                  <Md text={row.whatToDo} />
                </dd>
              </dl>
            )}
            {out && typeof out !== 'string' && out.why && (
              <Explanation why={out.why} testId={`mistake-${s.id}-kit`} />
            )}
          </div>
        );
      })}
    </section>
  );
}
