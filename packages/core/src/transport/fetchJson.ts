/** The AWS JSON 1.1 protocol over `fetch` (Cognito Identity): a JSON POST naming its target, a JSON answer. */
import { awsError } from '../aws/awsError.js';
import type { AwsAnswer, HttpAnswer, WireProtocol } from '../types.js';
import { deepField } from './call.js';
import { jsonObject } from './common.js';

/** A JSON answer's fields by key, or the error it carries as a `CredentialsError` (an empty answer is a 502). */
function jsonAnswer(service: string, res: HttpAnswer): AwsAnswer {
  const json = jsonObject(res.text);
  if (res.status < 300 && Object.keys(json).length === 0) {
    throw awsError(service, { code: '', status: 502, message: 'unreadable response' });
  }
  if (res.status >= 300) {
    const given = typeof json.__type === 'string' ? json.__type : res.headers.get('x-amzn-errortype');
    const type = (given ?? '').split(':')[0]!;
    throw awsError(service, {
      code: type,
      status: res.status,
      message: json.message ?? json.Message,
      cause: { status: res.status, code: type, requestId: res.headers.get('x-amzn-requestid') },
    });
  }
  return { field: (name) => deepField(json, name), date: res.date };
}

/** AWS JSON 1.1 over `fetch` (Cognito Identity): a JSON POST whose `x-amz-target` is `<target>.<action>`. */
export const AWS_JSON_1_1: WireProtocol = {
  request: (service, action, params) => ({
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service.target}.${action}` },
    body: JSON.stringify(params),
  }),
  answer: (service, _action, res) => jsonAnswer(service.name, res),
};
