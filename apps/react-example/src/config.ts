/** Runtime settings served next to the app as /config.json (by the kit, the demo or your own server). */
export interface AppConfig {
  region: string;
  issuer: string;
  clientId: string;
  stsEndpoint?: string;
  roleArn: string;
  s3Endpoint?: string;
  bucket: string;
  /**
   * Optional: a Cognito identity pool that allows guests. When set, the app also shows a public listing that
   * works before sign-in, with a guest's credentials from that pool (the user's identity once signed in).
   */
  guestIdentityPoolId?: string;
  /** The Cognito Identity endpoint of `guestIdentityPoolId` (default: AWS's; the local kit's is `stsEndpoint`). */
  cognitoEndpoint?: string;
}

const REQUIRED = ['region', 'issuer', 'clientId', 'roleArn', 'bucket'] as const;

export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok)
    throw new Error(`GET /config.json answered ${res.status}; serve the app together with its config.`);
  const config = (await res.json()) as Partial<AppConfig>;
  const missing = REQUIRED.filter((key) => !config[key]);
  if (missing.length > 0) throw new Error(`/config.json is missing ${missing.join(', ')}.`);
  return config as AppConfig;
}
