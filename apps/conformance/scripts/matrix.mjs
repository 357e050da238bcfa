// The support matrix, generated from the suite's results files (apps/conformance/results/<target>.json), never
// edited by hand: the target × scenario table of the docs page and the short per-target table of the root
// README (between its support-matrix markers). `node scripts/matrix.mjs --write` rewrites both;
// `--check` exits 1 when either differs from the results (test/matrix.test.ts runs the same check).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENARIO_IDS, SCENARIO_TITLES } from '../dist/index.js';

const APP = new URL('../', import.meta.url);
export const RESULTS_DIR = fileURLToPath(new URL('results/', APP));
export const DOCS_PAGE = fileURLToPath(new URL('../docs/concepts/support-matrix.md', APP));
export const README = fileURLToPath(new URL('../../README.md', APP));
const START = '<!-- support-matrix:start -->';
const END = '<!-- support-matrix:end -->';

/** Column order: the engines first, then workers, runtimes, React Native; any other target after, by name. */
const ORDER = [
  'chromium',
  'firefox',
  'webkit',
  'chromium-worker',
  'firefox-worker',
  'webkit-worker',
  'chromium-service-worker',
  'firefox-service-worker',
  'webkit-service-worker',
  'node20',
  'node22',
  'node24',
  'deno',
  'bun',
  'workerd',
  'hermes',
];
const NAMES = {
  node20: 'Node 20',
  node22: 'Node 22',
  node24: 'Node 24',
  deno: 'Deno 2',
  bun: 'Bun',
  workerd: 'workerd',
  webkit: 'WebKit',
};
const nameOf = (t) => NAMES[t] ?? t.replace(/(^|-)(\w)/g, (_m, d, c) => `${d ? ' ' : ''}${c.toUpperCase()}`);

/** Every results file, by target, in column order. */
export function readResults(dir = RESULTS_DIR) {
  const targets = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
  const rank = (t) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  targets.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return targets.map((target) => ({
    target,
    results: JSON.parse(readFileSync(`${dir}${target}.json`, 'utf8')),
  }));
}

/** A Markdown table with its columns padded, as Biome and Prettier format one. */
function table(head, rows) {
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The scenarios in the suite's order, then any a target added (a browser-only scenario), by id. */
function scenarioIds(all) {
  const extra = new Set(
    all.flatMap(({ results }) => Object.keys(results)).filter((id) => !SCENARIO_IDS.includes(id)),
  );
  return [...SCENARIO_IDS, ...[...extra].sort()];
}

/** The docs page: every scenario × every target, n/a and failures with numbered reasons under the table. */
export function renderDocsPage(all) {
  const notes = [];
  const note = (text) => {
    const at = notes.indexOf(text);
    return at >= 0 ? at + 1 : notes.push(text);
  };
  const cell = (r) => {
    if (!r) return '-';
    if (r.status === 'pass') return 'pass';
    return `${r.status === 'fail' ? '**fail**' : 'n/a'} [${note(r.reason)}]`;
  };
  const rows = scenarioIds(all).map((id) => [
    SCENARIO_TITLES[id] ?? id,
    ...all.map(({ results }) => cell(results[id])),
  ]);
  const matrix = table(['Scenario', ...all.map(({ target }) => nameOf(target))], rows);
  return `# Support matrix

Where \`@web-identity/core\` is known to work: one conformance suite
([\`apps/conformance\`](https://github.com/web-identity/web-identity/tree/main/apps/conformance)), written once, runs
on every target below against the local kit over real HTTP, with short-lived credentials so refreshes happen.
\`npm test\` runs it; this page is generated from its results files (\`node apps/conformance/scripts/matrix.mjs
--write\`) and a test fails when it differs from them. "n/a" is a scenario the target cannot run, with the reason;
"-" a scenario the target does not report.

${matrix}

${notes.map((n, i) => `${i + 1}. ${n}`).join('\n')}

What each scenario checks:

- **Exchange**: \`webIdentity\` (STS AssumeRoleWithWebIdentity) and \`cognitoIdentityPool\` (GetId +
  GetCredentialsForIdentity) over the fetch transport give usable keys and a \`ready\` snapshot.
- **Single flight**: 50 concurrent callers (\`getCredentials()\` and the SDK \`provider\`) make one STS call.
- **Proactive refresh**: 6-second keys are replaced before they expire by the client's own timers; no snapshot
  ever holds expired keys.
- **Clock skew**: with STS's clock 15 minutes ahead or behind, expiry is on the local clock, corrected from the
  response \`Date\`.
- **Sign-out wins a race**: \`signOut()\` during a slowed exchange rejects the pending caller with \`Aborted\` and
  drops the keys that arrive afterwards.
- **Typed errors**: an access token is refused locally (\`NotAnIdToken\`, no STS call); a trust-policy refusal and
  throttling surface as \`CredentialsError\` codes with the right retryability.
- **signedFetch to S3**: SigV4 over Web Crypto, verified by the kit's S3; another user's prefix is refused.
- **Cross-tab sharing**: three clients sharing BroadcastChannel and Web Locks make one exchange, and a sign-out
  in one signs the others out.
- **Wake after a hidden period**: through core's \`platform\` seam, timers frozen past the planned refresh; the wake
  signal refreshes at once.

How the runtimes run it:

- **Node, Deno, Bun** load core's built ESM from \`node_modules\`, unbundled, as a server app would. Deno 2 has
  BroadcastChannel and Web Locks, so its clients share keys when given \`crossTab: true\` and a
  \`broadcastChannel\` (Node from 24 too).
- **workerd** runs core bundled the way \`wrangler\` bundles a Worker (esbuild, \`workerd\`/\`worker\`/\`browser\`
  conditions, \`process.env.NODE_ENV\` defined), on a compatibility date without Node's \`process\` and without
  \`nodejs_compat\`: core needs no Node API there. Core reads \`process.env.NODE_ENV\` when it is imported (its
  development warnings, dropped by bundlers), so a runtime that loads core **unbundled** needs a \`process\` global
  or a bundler that defines \`process.env.NODE_ENV\` — as React and Vue do.
`;
}

/** The README's short table: one row per target, how many scenarios pass and which cannot run or fail. */
export function renderReadmeTable(all) {
  const rows = all.map(({ target, results }) => {
    const entries = Object.entries(results);
    const pass = entries.filter(([, r]) => r.status === 'pass').length;
    const list = (status) =>
      entries
        .filter(([, r]) => r.status === status)
        .map(([id]) => id)
        .join(', ') || '-';
    return [nameOf(target), `${pass}/${entries.length}`, list('n/a'), list('fail')];
  });
  return `${table(['Target', 'Pass', 'n/a', 'Fail'], rows)}

Every scenario and every reason: [support matrix](apps/docs/concepts/support-matrix.md).`;
}

/** `readme` with the text between its markers replaced by `body`. */
export function withReadmeTable(readme, body) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${body}\n${readme.slice(end)}`;
}

/** What the two files should hold now, and what they hold. */
export function expectedFiles() {
  const all = readResults();
  return [
    { file: DOCS_PAGE, want: renderDocsPage(all), have: readFileSync(DOCS_PAGE, 'utf8') },
    {
      file: README,
      want: withReadmeTable(readFileSync(README, 'utf8'), renderReadmeTable(all)),
      have: readFileSync(README, 'utf8'),
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode === '--write') {
    const all = readResults();
    writeFileSync(DOCS_PAGE, renderDocsPage(all));
    writeFileSync(README, withReadmeTable(readFileSync(README, 'utf8'), renderReadmeTable(all)));
  } else if (mode === '--check') {
    const stale = expectedFiles().filter((f) => f.want !== f.have);
    for (const f of stale)
      console.error(`${f.file} differs from the results: node scripts/matrix.mjs --write`);
    process.exitCode = stale.length ? 1 : 0;
  } else console.error('usage: node scripts/matrix.mjs --write | --check');
}
