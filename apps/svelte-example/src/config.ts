/** The runtime configuration served next to the app as `/config.json` (by the demo, the e2e harness, or you). */
export interface AppConfig {
  region: string;
  issuer: string;
  clientId: string;
  stsEndpoint?: string;
  roleArn: string;
  s3Endpoint?: string;
  bucket: string;
}

const REQUIRED = ['region', 'issuer', 'clientId', 'roleArn', 'bucket'] as const;

export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok)
    throw new Error(`GET /config.json answered ${res.status}: serve a config.json next to index.html.`);
  const config = (await res.json()) as Partial<AppConfig>;
  const missing = REQUIRED.filter((k) => typeof config[k] !== 'string' || config[k] === '');
  if (missing.length > 0) throw new Error(`/config.json lacks ${missing.join(', ')}.`);
  return config as AppConfig;
}
