import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type CredentialsBroker, createCredentialsBroker } from '../broker/credentialsBroker.js';
import type { CredentialsBrokerOptions, RequestAws } from '../types.js';
import { type CredentialEndpointOptions, credentialEndpoint } from './endpoint.js';
import { rejectRequest } from './respond.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `fastifyAwsCredentials`: the caller's AWS credentials, or `null` for anonymous requests. */
    aws: RequestAws | null;
  }
  interface FastifyInstance {
    /** A `preHandler` that sets `request.aws` (for `global: false`). */
    awsCredentials: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

/** Options of the `fastifyAwsCredentials` plugin. */
export interface FastifyAwsCredentialsOptions extends CredentialsBrokerOptions {
  /** Add the hook to every route (default). `false`: add `preHandler: app.awsCredentials` per route. */
  global?: boolean;
  /** Also serve `credentialEndpoint()` at this path, e.g. `/aws/credentials` (GET, POST, OPTIONS). */
  credentialEndpoint?: string;
  cors?: CredentialEndpointOptions['cors'];
  /** Use this broker instead of creating one from the options. */
  broker?: CredentialsBroker;
}

const plugin: FastifyPluginAsync<FastifyAwsCredentialsOptions> = async (app: FastifyInstance, options) => {
  const { global = true, credentialEndpoint: endpointPath, cors, broker: given, ...brokerOptions } = options;
  const broker = given ?? createCredentialsBroker(brokerOptions);
  app.decorateRequest('aws', null);

  const hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const cached = broker.peek?.(request);
    if (cached) {
      request.aws = cached;
      return;
    }
    try {
      request.aws = await broker.forRequest(request);
    } catch (err) {
      const problem = rejectRequest(err, request.raw, broker.log, broker.options.realm);
      await reply
        .code(problem.status)
        .headers(problem.headers)
        .send(Buffer.from(JSON.stringify(problem.body)));
    }
  };
  app.decorate('awsCredentials', hook);

  if (endpointPath) {
    const handler = credentialEndpoint(broker, {
      ...(cors ? { cors } : {}),
      ...(brokerOptions.rateLimit !== undefined ? { rateLimit: brokerOptions.rateLimit } : {}),
    });
    const route = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      handler(request.raw, reply.raw);
    };
    app.route({ method: ['GET', 'POST', 'OPTIONS'], url: endpointPath, handler: route });
  }
  if (global) {
    // Callback style: a cached user is answered in this tick, without allocating a promise.
    app.addHook('preHandler', (request, reply, done) => {
      if (endpointPath && request.routeOptions.url === endpointPath) return done();
      const cached = broker.peek?.(request);
      if (cached) {
        request.aws = cached;
        return done();
      }
      // An error reply was sent by `hook`: Fastify must not go on to the handler, so `done` is not called.
      hook(request, reply).then(() => reply.sent || done(), done);
    });
  }
};

/**
 * Fastify 5 plugin: decorates `request.aws` (typed) and, by default, fills it on every route before the handler,
 * answering 401/400/403/503 with problem+json like the Express middleware.
 *
 * @example
 * import Fastify from 'fastify';
 * import { fastifyAwsCredentials, webIdentity } from '@web-identity/node';
 *
 * const app = Fastify();
 * await app.register(fastifyAwsCredentials, {
 *   region: 'eu-west-1',
 *   verify: { issuer: 'https://idp.example.com', audience: 'my-client-id' },
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 * });
 * app.get('/api/whoami', async (request) => request.aws!.identity);
 */
export const fastifyAwsCredentials = fp(plugin, { fastify: '5.x', name: '@web-identity/node' });
