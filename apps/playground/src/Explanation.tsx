import type { TrustExplanation } from './kit.js';

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The local STS's own account of its decision: each statement, its principal and its conditions. */
export function Explanation({ why, testId }: { why: TrustExplanation; testId: string }) {
  return (
    <div className="explanation" data-testid={testId}>
      <p>
        STS answers <strong data-testid={`${testId}-outcome`}>{why.outcome}</strong>:{' '}
        <span data-testid={`${testId}-summary`}>{why.summary}</span>
      </p>
      {why.statements.length > 0 && (
        <ul>
          {why.statements.map((s) => (
            <li key={s.index} data-testid={`${testId}-statement`}>
              Statement {s.index + 1} ({s.effect}){s.applies ? ' applies' : ' does not apply'}
              <ul>
                <li>
                  {mark(s.actionMatched)} Action sts:AssumeRoleWithWebIdentity
                  {s.actionMatched ? '' : ' (not in this statement)'}
                </li>
                {s.principal && (
                  <li data-testid={`${testId}-principal`}>
                    {mark(s.principal.matched)} Principal {s.principal.expected.join(', ')}; this token:{' '}
                    {s.principal.actual.join(', ')}
                  </li>
                )}
                {s.conditions.map((c) => (
                  <li key={`${c.operator} ${c.key}`} data-testid={`${testId}-condition`}>
                    {mark(c.matched)} {c.operator} <code>{c.key}</code> expects{' '}
                    <code>{c.expected.join(' | ')}</code>; this token has{' '}
                    <code>{c.actual === undefined ? '(no such claim)' : JSON.stringify(c.actual)}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
