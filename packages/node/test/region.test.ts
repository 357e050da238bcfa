// Issue 25: the broker's region falls back as the AWS SDKs' does — `region`, AWS_REGION, AWS_DEFAULT_REGION,
// then the source's own region — instead of a Configuration error a new user hits first.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cognitoIdentityPool, webIdentity } from '@web-identity/core';
import {
  DEFAULT_ROLE_ARN,
  type LocalAws,
  type LocalIdp,
  startLocalAws,
  startLocalIdp,
} from '@web-identity/testing';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { awsCredentials } from '../src/http/express.js';
import { createWebBroker } from '../src/web/webBroker.js';

const VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
const setEnv = (values: Partial<Record<(typeof VARS)[number], string>>) => {
  for (const v of VARS) {
    if (values[v] === undefined) delete process.env[v];
    else process.env[v] = values[v];
  }
};
beforeEach(() => setEnv({}));
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

describe('region default (the order the AWS SDKs use)', () => {
  const role = (over = {}) => webIdentity({ roleArn: DEFAULT_ROLE_ARN, ...over });
  const verify = { issuer: 'https://idp.example', audience: 'client' };
  const regionOf = (opts: Parameters<typeof createCredentialsBroker>[0]) =>
    createCredentialsBroker(opts).options.region;

  it('an explicit region wins over the environment and the source', () => {
    setEnv({ AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'us-east-2' });
    expect(regionOf({ region: 'eu-west-1', source: role({ region: 'ap-south-1' }), verify })).toBe(
      'eu-west-1',
    );
  });
  it('AWS_REGION, then AWS_DEFAULT_REGION, then the source region', () => {
    setEnv({ AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'us-east-2' });
    expect(regionOf({ source: role({ region: 'ap-south-1' }), verify })).toBe('eu-central-1');
    setEnv({ AWS_DEFAULT_REGION: 'us-east-2' });
    expect(regionOf({ source: role({ region: 'ap-south-1' }), verify })).toBe('us-east-2');
    setEnv({});
    expect(regionOf({ source: role({ region: 'ap-south-1' }), verify })).toBe('ap-south-1');
    const pool = cognitoIdentityPool({ identityPoolId: 'sa-east-1:0f4bbd3a-7a3b-4b53-9a33-0b7f6f1b7b6c' });
    expect(regionOf({ source: pool, verify })).toBe('sa-east-1');
  });
  it('an empty variable counts as unset; with no region anywhere: Configuration, naming the ways to give one', () => {
    setEnv({ AWS_REGION: '', AWS_DEFAULT_REGION: 'us-east-2' });
    expect(regionOf({ source: role(), verify })).toBe('us-east-2');
    setEnv({});
    expect(() => regionOf({ source: role(), verify })).toThrow(/region.*AWS_REGION/);
    expect(() => createWebBroker({ source: role(), verify })).toThrow(/region.*AWS_REGION/);
  });
});

describe('region default over real HTTP', () => {
  let idp: LocalIdp;
  let aws: LocalAws;
  let server: Server;
  beforeAll(async () => {
    idp = await startLocalIdp();
    aws = await startLocalAws({ idp });
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await aws?.close();
    await idp?.close();
  });

  it('middleware without region, AWS_REGION set: req.aws signs AWS calls in that region', async () => {
    setEnv({ AWS_REGION: aws.region });
    const app = express();
    app.use(
      awsCredentials({
        source: webIdentity({ roleArn: DEFAULT_ROLE_ARN, endpoint: aws.endpoint }),
        verify: { issuer: idp.issuer, audience: 'web-identity-demo' },
      }),
    );
    app.get('/whoami', async (req, res) => {
      const sts = req.aws!.client(STSClient, { endpoint: aws.endpoint });
      const out = await sts.send(new GetCallerIdentityCommand({}));
      res.json({ arn: out.Arn, region: await sts.config.region() });
    });
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await idp.issueIdToken({ sub: 'rita' });
    const res = await fetch(`${url}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { arn: string; region: string };
    expect(body.region).toBe(aws.region);
    expect(body.arn).toMatch(/assumed-role\/PhotoUploader\/rita$/);
    expect(aws.calls({ action: 'GetCallerIdentity' }).length).toBeGreaterThan(0);
  });
});
