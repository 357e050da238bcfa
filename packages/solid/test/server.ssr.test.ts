import { type LocalKit, signInWithPassword, startLocalKit } from '@web-identity/testing';
import { createComponent } from 'solid-js';
import { renderToString } from 'solid-js/web';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsCredentialsProvider, fetchTransport, useAwsCredentials, webIdentity } from '../src/index.js';

// SolidStart renders with Solid's server build under Node: the signed-in user's token is at hand, yet the server
// must render signed out and never call STS (credentials live in the browser's memory only).

let kit: LocalKit;
let idToken: string;

beforeAll(async () => {
  kit = await startLocalKit();
  ({ idToken } = await signInWithPassword(kit.config.issuer, { login: 'alice' }));
});
afterAll(async () => {
  await kit?.close();
});

describe('server-side rendering', () => {
  it('imports without a window', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const mod = await import('../src/index.js');
    expect(typeof mod.useAwsCredentials).toBe('function');
  });

  it('renders signed out, with zero STS calls and no token asked for', async () => {
    const since = Date.now();
    const getIdToken = vi.fn(async () => idToken);
    const html = renderToString(() =>
      createComponent(AwsCredentialsProvider, {
        options: {
          region: kit.config.region,
          source: webIdentity({ roleArn: kit.config.roleArn, endpoint: kit.config.stsEndpoint }),
          getIdToken,
          transport: fetchTransport(),
        },
        get children() {
          return Array.from({ length: 2 }, () => {
            const c = useAwsCredentials();
            return `[${c.status()}|${c.credentials()?.accessKeyId ?? ''}|${c.exchangeCount()}]`;
          });
        },
      }),
    );
    expect(html.replace(/<!--[^>]*-->/g, '')).toContain('[signed-out||0][signed-out||0]');
    await new Promise((r) => setTimeout(r, 200));
    expect(getIdToken).not.toHaveBeenCalled();
    expect(kit.aws.calls().filter((c) => c.time.getTime() >= since)).toEqual([]);
  });
});
