import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withFetch,
  withInterceptors,
} from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { createCredentialsClient, webIdentity } from '@web-identity/core';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { KitInfo } from '../../test/kit.global-setup';
import { AwsCredentialsService } from './aws-credentials.service';
import { provideAwsCredentials } from './provide-aws-credentials';
import { AWS_CREDENTIALS_CLIENT } from './tokens';
import { withAwsSigV4 } from './with-aws-sigv4';

// Integration: the real core client against the local kit over real HTTP (no fakes, real timers).
const kit: KitInfo = inject('kit');

/** What the kit's execute-api echoes after verifying the SigV4 signature. */
interface Echo {
  arn: string;
  accessKeyId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
}

function setup(options: { getIdToken?: () => string | null; fetch?: boolean; endpoint?: string } = {}) {
  const getIdToken = options.getIdToken ?? (() => kit.aliceIdToken);
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideAwsCredentials({
        region: kit.region,
        source: webIdentity({ roleArn: kit.roleArn, endpoint: options.endpoint ?? kit.endpoint }),
        getIdToken,
      }),
      provideHttpClient(
        ...(options.fetch === false ? [] : [withFetch()]),
        withInterceptors([withAwsSigV4({ region: kit.region, urls: [kit.executeApiUrl] })]),
      ),
    ],
  });
  return { aws: TestBed.inject(AwsCredentialsService), http: TestBed.inject(HttpClient) };
}

describe('with the local kit over real HTTP', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('goes loading -> ready with the assumed role through the real core client', async () => {
    const { aws } = setup();
    const statuses: string[] = [];
    aws.status$.subscribe((status) => statuses.push(status));
    const credentials = await aws.getCredentials();
    expect(aws.status()).toBe('ready');
    expect(aws.credentials()).toBe(credentials);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(aws.identity()?.subject).toBe('alice');
    expect(aws.identity()?.assumedRoleArn).toContain('assumed-role/PhotoUploader/');
    expect(aws.exchangeCount()).toBe(1);
    expect(aws.expiresAt()!.getTime()).toBeGreaterThan(Date.now());
    expect(statuses).toContain('loading');
    expect(statuses.at(-1)).toBe('ready');
    // The snapshot never carries the secret into JSON.
    expect(JSON.stringify(aws.snapshot())).not.toContain(credentials.secretAccessKey);
  });

  it("follows the core scheduler's background refresh: ready -> refreshing -> ready, keys usable throughout", async () => {
    const { aws } = setup({ endpoint: kit.shortLivedEndpoint });
    const seen: { status: string; usable: boolean; exchanges: number }[] = [];
    aws.snapshot$.subscribe((s) =>
      seen.push({ status: s.status, usable: s.credentials != null, exchanges: s.exchangeCount }),
    );
    const first = await aws.getCredentials();
    const lifetimeMs = aws.expiresAt()!.getTime() - Date.now();
    expect(lifetimeMs).toBeLessThanOrEqual(kit.shortLifetimeSeconds * 1000);
    // Wait for the refresh the core schedules on its own, before expiry.
    await firstValueFrom(aws.snapshot$.pipe(filter((s) => s.exchangeCount === 2 && s.status === 'ready')));
    expect(aws.credentials()?.accessKeyId).not.toBe(first.accessKeyId);
    const afterFirstReady = seen.slice(seen.findIndex((s) => s.status === 'ready'));
    expect(afterFirstReady.map((s) => s.status)).toContain('refreshing');
    expect(afterFirstReady.every((s) => s.usable)).toBe(true);
    expect(aws.exchangeCount()).toBe(2);
  });

  it('shows signed-out and signs nothing when getIdToken() returns null', async () => {
    const { aws, http } = setup({ getIdToken: () => null });
    await aws.refresh();
    expect(aws.status()).toBe('signed-out');
    expect(aws.credentials()).toBeNull();
    await expect(firstValueFrom(http.get(`${kit.executeApiUrl}/hello`))).rejects.toMatchObject({
      name: 'CredentialsError',
    });
  });

  it('disposes a client it created from options when the injector is destroyed', async () => {
    const { aws } = setup();
    await aws.getCredentials();
    const client = TestBed.inject(AWS_CREDENTIALS_CLIENT);
    TestBed.resetTestingModule();
    await expect(client.getCredentials()).rejects.toMatchObject({ code: 'Aborted', message: /disposed/ });
  });

  it('never disposes a client handed in by a factory', async () => {
    const client = createCredentialsClient({
      region: kit.region,
      source: webIdentity({ roleArn: kit.roleArn, endpoint: kit.endpoint }),
      getIdToken: () => kit.aliceIdToken,
    });
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideAwsCredentials(() => client)],
    });
    await TestBed.inject(AwsCredentialsService).getCredentials();
    TestBed.resetTestingModule();
    await expect(client.getCredentials()).resolves.toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
    });
    client.dispose();
  });

  for (const transport of ['fetch', 'XMLHttpRequest'] as const) {
    it(`signs HttpClient calls the kit's execute-api accepts, as the assumed role (${transport})`, async () => {
      const { aws, http } = setup({ fetch: transport === 'fetch' });
      const get = await firstValueFrom(http.get<Echo>(`${kit.executeApiUrl}/items?b=2&a=1`));
      const credentials = await aws.getCredentials();
      expect(get.arn).toBe(aws.identity()?.assumedRoleArn);
      expect(get.arn).toContain(':assumed-role/PhotoUploader/alice');
      expect(get.accessKeyId).toBe(credentials.accessKeyId);
      expect(get).toMatchObject({ method: 'GET', path: '/items', query: { a: '1', b: '2' } });
      const payload = { name: 'photo.jpg', tags: ['cat'] };
      const post = await firstValueFrom(http.post<Echo>(`${kit.executeApiUrl}/items`, payload));
      expect(post.arn).toBe(get.arn);
      expect(post.method).toBe('POST');
      expect(JSON.parse(post.body ?? 'null')).toEqual(payload);
      const blob = await firstValueFrom(
        http.put<Echo>(`${kit.executeApiUrl}/raw`, new Blob(['raw bytes'], { type: 'text/plain' })),
      );
      expect(blob).toMatchObject({ method: 'PUT', body: 'raw bytes' });
    });
  }

  it('lets requests to other URLs through unsigned', async () => {
    const { http } = setup();
    // The same kit endpoint but outside `urls`: it arrives unsigned, and S3 refuses an anonymous list.
    const refused = await firstValueFrom(http.get(`${kit.endpoint}/demo-uploads?list-type=2`)).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(HttpErrorResponse);
    expect([401, 403]).toContain((refused as HttpErrorResponse).status);
  });

  it('is refused by the kit when the signature does not match the credentials', async () => {
    const { aws, http } = setup();
    // A secret that is not the one STS issued: the kit's SigV4 verification must reject the call.
    const getCredentials = aws.getCredentials.bind(aws);
    aws.getCredentials = async () => {
      const real = await getCredentials();
      const wrong = real.secretAccessKey.endsWith('x') ? 'y' : 'x';
      return { ...real, secretAccessKey: `${real.secretAccessKey.slice(0, -1)}${wrong}` };
    };
    const refused = await firstValueFrom(http.get(`${kit.executeApiUrl}/items`)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpErrorResponse);
    expect((refused as HttpErrorResponse).status).toBe(403);
  });
});
