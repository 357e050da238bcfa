// The same small app on Express, Fastify and the fetch-standard entry (a `Request` → `Response` handler behind
// node:http), so one suite runs against each.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import express from 'express';
import express4 from 'express-4';
import Fastify from 'fastify';
import { type CredentialsBroker, createCredentialsBroker } from '../src/broker/credentialsBroker.js';
import { type CorsOptions, credentialEndpoint } from '../src/http/endpoint.js';
import { awsCredentials } from '../src/http/express.js';
import { fastifyAwsCredentials } from '../src/http/fastify.js';
import type { CredentialsBrokerOptions, RateLimitOptions, RequestAws } from '../src/types.js';
import { createWebBroker } from '../src/web/webBroker.js';

export interface AppConfig {
  broker: CredentialsBrokerOptions;
  awsEndpoint: string;
  bucket: string;
  cors?: CorsOptions;
  rateLimit?: RateLimitOptions | false;
}

export interface RunningApp {
  url: string;
  broker: CredentialsBroker;
  close(): Promise<void>;
}

export type StartApp = (config: AppConfig) => Promise<RunningApp>;

// Large enough to let a 20,001-character token reach the middleware (Node's default limit answers 431).
const MAX_HEADER_SIZE = 64 * 1024;

async function handlers(aws: RequestAws | null | undefined, route: string, config: AppConfig, name?: string) {
  if (route === 'anon') return { anonymous: aws === null };
  if (!aws) throw new Error('no credentials');
  if (route === 'me') {
    return {
      subject: aws.identity.subject,
      accessKeyId: aws.credentials.accessKeyId,
      assumedRoleArn: aws.identity.assumedRoleArn ?? null,
    };
  }
  if (route === 'whoami') {
    const out = await aws
      .client(STSClient, { endpoint: config.awsEndpoint })
      .send(new GetCallerIdentityCommand({}));
    return { arn: out.Arn, userId: out.UserId };
  }
  // route === 'put': PUT uploads/<owner>/<name>, owner defaults to the caller
  const s3 = aws.client(S3Client, {
    endpoint: config.awsEndpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const key = `uploads/${name}`;
  try {
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: 'hello' }));
    await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
    return { stored: key };
  } catch (err) {
    return { error: (err as Error).name };
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function startExpressWith(create: () => express.Express, filesRoute: string): StartApp {
  return async (config) => {
    const broker = createCredentialsBroker(config.broker);
    const app = create();
    app.all(
      '/aws/credentials',
      credentialEndpoint(broker, {
        ...(config.cors ? { cors: config.cors } : {}),
        ...(config.rateLimit !== undefined ? { rateLimit: config.rateLimit } : {}),
      }),
    );
    app.use('/api', awsCredentials(broker));
    app.put(filesRoute, async (req, res) => {
      const params = req.params as unknown as { path?: string[]; 0?: string };
      const path = params.path ? params.path.join('/') : (params[0] ?? '');
      res.json(await handlers(req.aws, 'put', config, path));
    });
    app.get('/api/:route', async (req, res, next) => {
      try {
        res.json(await handlers(req.aws, req.params.route, config));
      } catch (err) {
        next(err);
      }
    });
    const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, app);
    return { url: await listen(server), broker, close: () => close(server) };
  };
}

export const startExpress = startExpressWith(express, '/api/files/*path');
export const startExpress4 = startExpressWith(express4 as unknown as typeof express, '/api/files/*');

export const startFastify: StartApp = async (config) => {
  const broker = createCredentialsBroker(config.broker);
  let server!: Server;
  const app = Fastify({
    serverFactory: (handler) => {
      server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, handler);
      return server;
    },
  });
  await app.register(fastifyAwsCredentials, {
    ...config.broker,
    broker,
    credentialEndpoint: '/aws/credentials',
    ...(config.rateLimit !== undefined ? { rateLimit: config.rateLimit } : {}),
    ...(config.cors ? { cors: config.cors } : {}),
  });
  app.get<{ Params: { route: string } }>('/api/:route', async (request) =>
    handlers(request.aws, request.params.route, config),
  );
  app.put<{ Params: { '*': string } }>('/api/files/*', async (request) =>
    handlers(request.aws, 'put', config, request.params['*']),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    broker,
    close: () => app.close(),
  };
};

/** node:http → fetch `Request` (what Hono's and Next's Node adapters do), headers as sent. */
function toFetchRequest(req: import('node:http').IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(base + req.url, { method: req.method ?? 'GET', headers });
}

/** The fetch-standard entry: `createWebBroker(options).credentialsFor(request)`, errors by `toResponse`. */
export const startWeb: StartApp = async (config) => {
  const web = createWebBroker(config.broker);
  const handle = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (!path.startsWith('/api/')) return new Response(null, { status: 404 });
    let aws: RequestAws | null;
    try {
      aws = await web.credentialsFor(request);
    } catch (err) {
      return web.toResponse(err, request);
    }
    const files = path.startsWith('/api/files/') && request.method === 'PUT';
    const route = files ? 'put' : path.slice('/api/'.length);
    try {
      return Response.json(
        await handlers(aws, route, config, files ? path.slice('/api/files/'.length) : undefined),
      );
    } catch {
      return new Response(null, { status: 500 });
    }
  };
  let base = '';
  const server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, async (req, res) => {
    const response = await handle(toFetchRequest(req, base));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  base = await listen(server);
  return { url: base, broker: web.broker, close: () => close(server) };
};
