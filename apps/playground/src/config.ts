import type { LocalKitConfig } from '@web-identity/testing';

/**
 * The same `/config.json` the example apps read (served by the demo, the e2e harness or your server).
 * With `stsEndpoint` pointing at the local kit, the playground also uses the kit's control API there
 * (`/__kit/…`) for the explanations and the mistakes; against real AWS those panels say so and stay plain.
 * The shape is the kit's own `config` (what the demo serves to every example).
 */
export type PlaygroundConfig = Pick<LocalKitConfig, 'region' | 'issuer' | 'clientId' | 'roleArn' | 'bucket'> &
  Partial<Pick<LocalKitConfig, 'stsEndpoint' | 's3Endpoint'>>;

export async function loadConfig(): Promise<PlaygroundConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok)
    throw new Error(`GET /config.json answered ${res.status}: serve the playground with its config.`);
  const config = (await res.json()) as Partial<PlaygroundConfig>;
  for (const key of ['region', 'issuer', 'clientId', 'roleArn', 'bucket'] as const) {
    if (!config[key]) throw new Error(`/config.json has no ${key}; see apps/playground/README.md.`);
  }
  return config as PlaygroundConfig;
}

/** The account id in a role ARN (`arn:aws:iam::<account>:role/…`). */
export const accountOf = (roleArn: string): string => roleArn.split(':')[4] ?? '';

/** AWS's name for an issuer: the URL without scheme (prefixes `<provider>:aud`, `${<provider>:sub}`). */
export const providerOf = (issuer: string): string => issuer.replace(/^https?:\/\//, '');
