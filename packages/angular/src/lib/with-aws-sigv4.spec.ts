import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CredentialsError } from '@web-identity/core';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClient, fakeCredentials } from '../../test/fake-client';
import { provideAwsCredentials } from './provide-aws-credentials';
import { withAwsSigV4 } from './with-aws-sigv4';

const API = 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/';

function setup(client: FakeClient) {
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideAwsCredentials(() => client),
      provideHttpClient(withInterceptors([withAwsSigV4({ region: 'eu-west-1', urls: [API] })])),
      provideHttpClientTesting(),
    ],
  });
  return { http: TestBed.inject(HttpClient), backend: TestBed.inject(HttpTestingController) };
}

function readyClient(): FakeClient {
  const client = new FakeClient();
  const expiration = new Date(Date.now() + 3_600_000);
  client.snapshot = { ...client.snapshot, status: 'ready', credentials: fakeCredentials('WXYZ', expiration) };
  return client;
}

describe('withAwsSigV4', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('passes requests that do not match untouched, without asking for credentials', async () => {
    const client = new FakeClient();
    const { http, backend } = setup(client);
    const response = firstValueFrom(http.get('https://example.com/prod/items'));
    const req = backend.expectOne('https://example.com/prod/items');
    expect(req.request.headers.keys()).toEqual([]);
    req.flush({ ok: true });
    await expect(response).resolves.toEqual({ ok: true });
    expect(client.snapshot.exchangeCount).toBe(0);
  });

  it('signs matching requests for execute-api in the region with the current credentials', async () => {
    const { http, backend } = setup(readyClient());
    const response = firstValueFrom(http.post(`${API}items?b=2&a=1`, { name: 'photo' }));
    // Signing is asynchronous (credentials, Web Crypto): wait until the request reaches the backend.
    const req = await vi.waitFor(() => backend.expectOne(`${API}items?b=2&a=1`));
    const headers = req.request.headers;
    const day = headers.get('x-amz-date')?.slice(0, 8);
    expect(headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers.get('authorization')).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=ASIAWXYZ/${day}/eu-west-1/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(headers.get('authorization')).toContain('content-type');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-amz-security-token')).toBe('token-WXYZ');
    expect(headers.has('host')).toBe(false);
    req.flush({ ok: true });
    await expect(response).resolves.toEqual({ ok: true });
  });

  it('fails the request with the CredentialsError when there are no credentials, without sending it', async () => {
    const client = new FakeClient(0);
    client.failNext = new CredentialsError('NoIdentityToken', 'Nobody is signed in');
    const { http, backend } = setup(client);
    const response = firstValueFrom(http.get(`${API}items`));
    await expect(response).rejects.toMatchObject({ code: 'NoIdentityToken' });
    backend.expectNone(`${API}items`);
  });

  it('refuses a FormData body with a clear error', async () => {
    const { http, backend } = setup(readyClient());
    const form = new FormData();
    form.append('a', 'b');
    await expect(firstValueFrom(http.post(`${API}items`, form))).rejects.toThrow(/FormData/);
    backend.expectNone(`${API}items`);
  });
});
