import { AwsError } from './errors.js';

/** One IAM policy statement (the subset the local AWS evaluates). */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: '*' | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, unknown>>;
}

/** An IAM policy document: identity, session or trust policy. */
export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** Request context: condition keys and policy variables (`aws:userid`, `<issuer>:sub`, `s3:prefix`, ...). */
export type PolicyContext = Record<string, string | string[] | undefined>;

export interface PolicyRequest {
  action: string;
  /** Resource ARN; omitted for trust policies. */
  resource?: string;
  /** Principal candidates for trust policies, by type (`Federated`, `AWS`, `Service`). */
  principal?: { type: string; ids: string[] };
  context: PolicyContext;
}

export type Decision = 'allow' | 'deny' | 'implicit-deny';

const list = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

export const statements = (doc: PolicyDocument): PolicyStatement[] =>
  Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];

/** Parses and checks a policy document as STS does for the `Policy` parameter. */
export function parsePolicy(text: string): PolicyDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
  }
  validatePolicy(doc);
  return doc;
}

export function validatePolicy(doc: unknown): asserts doc is PolicyDocument {
  const fail = (why: string): never => {
    throw new AwsError('MalformedPolicyDocument', why);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    fail('The policy is not in the valid JSON format.');
  const d = doc as Record<string, unknown>;
  if (d.Version !== undefined && d.Version !== '2012-10-17' && d.Version !== '2008-10-17')
    fail('The policy must contain a valid version string');
  if (d.Statement === undefined) fail('Syntax errors in policy.');
  const stmts = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
  for (const s of stmts as unknown[]) {
    if (!s || typeof s !== 'object') fail('Syntax errors in policy.');
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') fail('Syntax errors in policy.');
    if (st.Action === undefined && st.NotAction === undefined) fail('Policy statement must contain actions.');
    if (st.Condition !== undefined && (typeof st.Condition !== 'object' || st.Condition === null))
      fail('Syntax errors in policy.');
  }
}

function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return wildcardRegex(pattern, ignoreCase).test(value);
}

function lookup(context: PolicyContext, key: string): string | string[] | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Substitutes `${key}` policy variables. Returns null when a variable cannot be resolved (AWS then treats
 * the element as not matching). `${*}`, `${?}` and `${$}` stand for the literal characters.
 */
export function substitute(value: string, context: PolicyContext): string | null {
  let unresolved = false;
  const out = value.replace(/\$\{([^}]+)\}/g, (_m, key: string) => {
    if (key === '*' || key === '?' || key === '$') return `\uE000${key}`;
    const v = lookup(context, key.trim());
    if (typeof v !== 'string') {
      unresolved = true;
      return '';
    }
    // Escape wildcard characters coming from values so that `*` in a sub does not widen the match.
    return v.replace(/[*?]/g, (c) => `\uE000${c}`);
  });
  return unresolved ? null : out;
}

function patternMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  // Literal characters (from ${*} or substituted values) are marked with \uE000.
  const parts = pattern.split(/(\uE000.)/);
  const body = parts
    .map((p) =>
      p.startsWith('\uE000')
        ? p.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        : p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.'),
    )
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's').test(value);
}

function resourceMatches(patterns: string[], resource: string, context: PolicyContext): boolean {
  return patterns.some((p) => {
    const sub = substitute(p, context);
    return sub !== null && patternMatch(sub, resource, false);
  });
}

function actionMatches(patterns: string[], action: string): boolean {
  return patterns.some((p) => wildcardMatch(p, action, true));
}

function principalMatches(principal: PolicyStatement['Principal'], req: PolicyRequest): boolean {
  if (principal === undefined) return true;
  if (principal === '*') return true;
  if (!req.principal) return false;
  const entry = Object.entries(principal).find(([k]) => k === req.principal!.type);
  if (!entry) return false;
  const ids = req.principal.ids;
  return list(entry[1]).some((p) => p === '*' || ids.some((id) => wildcardMatch(p, id, false)));
}

function compareOne(op: string, expected: string, actual: string, context: PolicyContext): boolean {
  const exp = substitute(expected, context);
  if (exp === null) return false;
  switch (op) {
    case 'StringEquals':
    case 'ArnEquals':
      return exp.replace(/\uE000/g, '') === actual;
    case 'StringEqualsIgnoreCase':
      return exp.replace(/\uE000/g, '').toLowerCase() === actual.toLowerCase();
    case 'StringLike':
    case 'ArnLike':
      return patternMatch(exp, actual, false);
    case 'Bool':
      return exp.toLowerCase() === actual.toLowerCase();
    case 'NumericEquals':
      return Number(exp) === Number(actual);
    case 'NumericLessThan':
      return Number(actual) < Number(exp);
    case 'NumericLessThanEquals':
      return Number(actual) <= Number(exp);
    case 'NumericGreaterThan':
      return Number(actual) > Number(exp);
    case 'NumericGreaterThanEquals':
      return Number(actual) >= Number(exp);
    default:
      return false;
  }
}

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
};

function conditionHolds(rawOp: string, key: string, expectedRaw: unknown, context: PolicyContext): boolean {
  let op = rawOp;
  let set: 'any' | 'all' | null = null;
  if (op.startsWith('ForAnyValue:')) {
    set = 'any';
    op = op.slice('ForAnyValue:'.length);
  } else if (op.startsWith('ForAllValues:')) {
    set = 'all';
    op = op.slice('ForAllValues:'.length);
  }
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const expected = list(expectedRaw);
  const value = lookup(context, key);
  const actual = list(value);
  if (op === 'Null') {
    const isNull = value === undefined;
    return expected.some((e) => (e.toLowerCase() === 'true') === isNull);
  }
  const negatedOf = NEGATED[op];
  const baseOp = negatedOf ?? op;
  const matchAny = (a: string) => expected.some((e) => compareOne(baseOp, e, a, context));
  if (set === 'all') {
    const all = actual.every(matchAny);
    return negatedOf ? actual.every((a) => !matchAny(a)) : all;
  }
  if (actual.length === 0) return ifExists || !!negatedOf;
  if (set === 'any' || actual.length > 1) {
    return negatedOf ? actual.some((a) => !matchAny(a)) : actual.some(matchAny);
  }
  const single = actual[0]!;
  return negatedOf ? !matchAny(single) : matchAny(single);
}

function conditionsHold(cond: PolicyStatement['Condition'], context: PolicyContext): boolean {
  if (!cond) return true;
  return Object.entries(cond).every(([op, keys]) =>
    Object.entries(keys ?? {}).every(([key, expected]) => conditionHolds(op, key, expected, context)),
  );
}

function statementApplies(st: PolicyStatement, req: PolicyRequest): boolean {
  if (st.Action !== undefined && !actionMatches(list(st.Action), req.action)) return false;
  if (st.NotAction !== undefined && actionMatches(list(st.NotAction), req.action)) return false;
  if (req.resource !== undefined) {
    if (st.Resource !== undefined && !resourceMatches(list(st.Resource), req.resource, req.context))
      return false;
    if (st.NotResource !== undefined && resourceMatches(list(st.NotResource), req.resource, req.context))
      return false;
    if (st.Resource === undefined && st.NotResource === undefined) return false;
  }
  if (req.principal && !principalMatches(st.Principal, req)) return false;
  return conditionsHold(st.Condition, req.context);
}

/** Evaluates a set of policies: an explicit Deny wins, then any Allow, else an implicit deny. */
export function evaluate(policies: PolicyDocument[], req: PolicyRequest): Decision {
  let allowed = false;
  for (const doc of policies) {
    for (const st of statements(doc)) {
      if (!statementApplies(st, req)) continue;
      if (st.Effect === 'Deny') return 'deny';
      allowed = true;
    }
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** One condition of a statement, as evaluated for a request: what was expected, what the request had. */
export interface ConditionVerdict {
  operator: string;
  key: string;
  expected: string[];
  /** The request's value for `key`; `undefined` when the request has no such key. */
  actual: string | string[] | undefined;
  matched: boolean;
}

/** Why one statement applied or not (one entry of a `TrustExplanation`'s `statements`). */
export interface StatementVerdict {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  actionMatched: boolean;
  /** `null` when the statement has no `Principal` (identity policies) or the request names none. */
  principal: { type: string; expected: string[]; actual: string[]; matched: boolean } | null;
  conditions: ConditionVerdict[];
  applies: boolean;
}

/**
 * The same evaluation as {@link evaluate}, statement by statement and condition by condition, for a
 * person to read (the kit's `/__kit/explain`). Never used to decide: `evaluate` decides.
 */
export function explainStatements(doc: PolicyDocument, req: PolicyRequest): StatementVerdict[] {
  return statements(doc).map((st, index) => {
    const actionMatched =
      (st.Action === undefined || actionMatches(list(st.Action), req.action)) &&
      (st.NotAction === undefined || !actionMatches(list(st.NotAction), req.action));
    const principal =
      st.Principal === undefined || !req.principal
        ? null
        : {
            type: req.principal.type,
            expected:
              st.Principal === '*'
                ? ['*']
                : Object.entries(st.Principal).flatMap(([type, ids]) =>
                    list(ids).map((id) => `${type}: ${id}`),
                  ),
            actual: req.principal.ids.map((id) => `${req.principal!.type}: ${id}`),
            matched: principalMatches(st.Principal, req),
          };
    const conditions = Object.entries(st.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys ?? {}).map(([key, expected]) => ({
        operator,
        key,
        expected: list(expected),
        actual: lookup(req.context, key),
        matched: conditionHolds(operator, key, expected, req.context),
      })),
    );
    return {
      index,
      ...(st.Sid !== undefined ? { sid: st.Sid } : {}),
      effect: st.Effect,
      actionMatched,
      principal,
      conditions,
      applies: statementApplies(st, req),
    };
  });
}

/** True when every `${…}` variable in `doc` has a value in `context` (else those elements never match). */
export function variablesResolve(doc: PolicyDocument, context: PolicyContext): boolean {
  const text = JSON.stringify(doc);
  return [...text.matchAll(/\$\{([^}]+)\}/g)].every(
    ([, key]) =>
      key === '*' || key === '?' || key === '$' || typeof lookup(context, key!.trim()) === 'string',
  );
}

/**
 * A policy with its `${…}` variables replaced by the request context's values (for display: an
 * unresolvable variable stays as written).
 */
export function resolvePolicyVariables(doc: PolicyDocument, context: PolicyContext): PolicyDocument {
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') return (substitute(v, context) ?? v).replace(/\uE000/g, '');
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return resolve(doc) as PolicyDocument;
}
