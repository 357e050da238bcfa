import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCESS_KEY,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '../src/index.js';
import { credentialsFor } from './helpers.js';

let idp: LocalIdp;
let aws: LocalAws;

beforeAll(async () => {
  idp = await startLocalIdp();
  aws = await startLocalAws({ idp });
});
afterAll(async () => {
  await aws.close();
  await idp.close();
});

async function signedFetch(
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  path: string,
  init: { method?: string; body?: string; service?: string } = {},
) {
  const url = new URL(`${aws.executeApiUrl}${path}`);
  const signer = new SignatureV4({
    service: init.service ?? 'execute-api',
    region: aws.region,
    credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: init.method ?? 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: init.body } : {}),
  });
  return fetch(url, {
    method: init.method ?? 'GET',
    headers: signed.headers,
    ...(init.body ? { body: init.body } : {}),
  });
}

describe('execute-api echo', () => {
  it('verifies SigV4 and echoes the caller', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const res = await signedFetch(creds, '/prod/items/a%20b?x=1&y=two words', {
      method: 'POST',
      body: '{"hello":1}',
    });
    expect(res.status).toBe(200);
    const echo = await res.json();
    expect(echo).toMatchObject({
      accessKeyId: creds.accessKeyId,
      arn: 'arn:aws:sts::123456789012:assumed-role/PhotoUploader/alice',
      subject: 'alice',
      principalType: 'AssumedRole',
      method: 'POST',
      path: '/prod/items/a%20b',
      query: { x: '1', y: 'two words' },
      body: '{"hello":1}',
    });
    expect(JSON.stringify(echo)).not.toContain(creds.secretAccessKey);
  });

  it('echoes long-term keys too', async () => {
    const res = await signedFetch(DEFAULT_ACCESS_KEY, '/');
    expect((await res.json()).principalType).toBe('User');
  });

  it('answers API Gateway-shaped 403s', async () => {
    const creds = await credentialsFor(aws, idp, 'alice');
    const unsigned = await fetch(`${aws.executeApiUrl}/x`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect((await unsigned.json()).message).toBe('Missing Authentication Token');
    const wrong = await signedFetch({ ...creds, secretAccessKey: 'z'.repeat(40) }, '/x');
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    const unknown = await signedFetch({ ...creds, accessKeyId: 'ASIAZZZZZZZZZZZZZZZZ' }, '/x');
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
    const wrongService = await signedFetch(creds, '/x', { service: 's3' });
    expect(wrongService.status).toBe(403);
    const garbage = await fetch(`${aws.executeApiUrl}/x`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 nonsense' },
    });
    expect(garbage.status).toBe(403);
    expect(garbage.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
  });
});
