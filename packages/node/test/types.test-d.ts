// Type tests (checked by `tsc --noEmit`): declaration merging gives handlers a typed req.aws.
import { S3Client } from '@aws-sdk/client-s3';
import type { Request } from 'express';
import type { FastifyRequest } from 'fastify';
import { expectTypeOf } from 'vitest';
import type { AwsCredentials, CredentialsError, HttpCredentialsError, RequestAws } from '../src/index.js';

declare const req: Request;
declare const request: FastifyRequest;

expectTypeOf(req.aws).toEqualTypeOf<RequestAws | null | undefined>();
expectTypeOf(request.aws).toEqualTypeOf<RequestAws | null>();
expectTypeOf(req.aws!.credentials).toEqualTypeOf<AwsCredentials>();
expectTypeOf(req.aws!.identity.subject).toBeString();
expectTypeOf(req.aws!.client(S3Client)).toEqualTypeOf<S3Client>();
expectTypeOf<HttpCredentialsError>().toMatchTypeOf<CredentialsError>();
