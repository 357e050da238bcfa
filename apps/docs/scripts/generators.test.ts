import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TROUBLESHOOTING } from '../../playground/src/troubleshooting.ts';
import { barChart } from './charts.ts';
import { deadRepoLinks, repoLinks } from './check-links.ts';
import { performanceCharts, performanceMarkdown } from './performance.ts';
import { REPO_BLOB, REPO_TREE } from './repo.ts';
import { escapeProse, readmeRows, troubleshootingMarkdown } from './troubleshooting.ts';

describe('troubleshooting page', () => {
  const rows = readmeRows();

  it('has every row of the README table, the playground’s rows marked', () => {
    const page = troubleshootingMarkdown(rows);
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(TROUBLESHOOTING).length);
    for (const [youSee] of rows) expect(page).toContain(`## ${escapeProse(youSee ?? '')}`);
    expect(page.match(/The playground makes this mistake on purpose/g)).toHaveLength(
      Object.keys(TROUBLESHOOTING).length,
    );
  });

  it('fails when the README lacks a row the playground shows', () => {
    const withoutThrottled = rows.filter(([youSee]) => youSee !== TROUBLESHOOTING.throttled.youSee);
    expect(() => troubleshootingMarkdown(withoutThrottled)).toThrow(/README lacks/);
  });

  it('keeps code spans and escapes prose that Vue would read as HTML', () => {
    expect(escapeProse('outside <AwsCredentialsProvider> and `<code>`')).toBe(
      'outside &lt;AwsCredentialsProvider&gt; and `<code>`',
    );
  });
});

describe('performance page', () => {
  it('draws the six charts from bench/results.json', () => {
    const page = performanceMarkdown();
    expect(page.match(/<svg /g)).toHaveLength(6);
    expect(page).toContain('Amplify');
  });

  it('draws bars in proportion to the numbers', () => {
    const svg = barChart(
      't',
      [
        { label: 'a', value: 50 },
        { label: 'b', value: 100, ours: true },
      ],
      String,
    );
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([180, 360]);
  });

  it('shows ours against the others in each chart', () => {
    const charts = performanceCharts(
      JSON.parse(
        '{"bundle":{"a-react-lean":{"initial":{"gzip":1},"loaded":{"gzip":1}},"d-amplify":{"initial":{"gzip":9},"loaded":{"gzip":9}}},"stsCalls":{"consumers":1,"hours":1,"floor":1,"ours":1,"sdkFromWebTokenPerClient":9},"tabs":{"minutes":1,"rows":[]},"fleet":{"instances":1,"users":1,"stsCalls":{"memory":2,"redis":1,"floor":1}},"throughput":{"express":{"noop":{"rps":2},"ours":{"rps":1}}}}',
      ) as Parameters<typeof performanceCharts>[0],
    );
    expect(charts[0]?.svg).toContain('Amplify');
    expect(charts[5]?.svg).toContain('Express 5 + ours');
  });
});

describe('links into the repository', () => {
  it('finds blob and tree links, without fragments', () => {
    const html = `<a href="${REPO_BLOB}packages/core/src/time/timing.ts#L3">x</a><a href="${REPO_TREE}packages/core/">y</a>`;
    expect(repoLinks(html)).toEqual([
      { path: 'packages/core/src/time/timing.ts', folder: false },
      { path: 'packages/core', folder: true },
    ]);
  });

  it('reports a link to a file that does not exist', () => {
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    const dist = mkdtempSync(join(tmpdir(), 'dist-'));
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src', 'here.ts'), '');
    writeFileSync(
      join(dist, 'page.html'),
      `<a href="${REPO_BLOB}src/here.ts">ok</a><a href="${REPO_BLOB}src/gone.ts">dead</a><a href="${REPO_TREE}src">dir</a>`,
    );
    expect(deadRepoLinks(`${dist}/`, repo)).toEqual({ dead: ['page.html: src/gone.ts'], checked: 3 });
  });
});
