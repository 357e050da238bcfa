import { readFileSync } from 'node:fs';
import { type Bar, barChart } from './charts.ts';

interface Size {
  gzip: number;
}
interface BundleEntry {
  initial: Size;
  loaded: Size;
}
interface Rps {
  rps: number;
}
/** The parts of bench/results.json the charts draw (written by `pnpm bench`, see bench/README.md). */
export interface BenchResults {
  environment: { date: string; cpu: string; node: string };
  results: {
    bundle: Record<string, BundleEntry>;
    stsCalls: {
      consumers: number;
      hours: number;
      floor: number;
      ours: number;
      sdkFromWebTokenPerClient: number;
    };
    tabs: { minutes: number; rows: { tabs: number; ours: number; perTab: number }[] };
    fleet: { instances: number; users: number; stsCalls: { memory: number; redis: number; floor: number } };
    throughput: Record<'express' | 'fastify', Record<string, Rps>>;
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB gz`;
const count = (n: number) => n.toLocaleString('en-US');

const BUNDLES: [string, string, boolean][] = [
  ['a-react-lean', 'ours + React, lean entry', true],
  ['b-react-sdk', 'ours + React, SDK transport', true],
  ['c-raw-fromWebToken', 'raw SDK fromWebToken', false],
  ['d-amplify', 'Amplify', false],
];

/** Bytes once credentials have arrived (lazy chunks loaded), alone or added to an app that already sends S3 calls. */
function bundleBars(bundle: Record<string, BundleEntry>, overS3: boolean): Bar[] {
  const s3 = bundle['s3-alone']?.loaded.gzip ?? 0;
  return BUNDLES.flatMap(([key, label, ours]) => {
    const entry = bundle[overS3 ? `e-${key}+s3` : key];
    return entry ? [{ label, value: entry.loaded.gzip - (overS3 ? s3 : 0), ours }] : [];
  });
}

function throughputBars(t: Record<string, Rps>, framework: string): Bar[] {
  const labels: Record<string, string> = {
    bare: `${framework}, bare`,
    noop: `${framework} + no-op middleware`,
    ours: `${framework} + ours`,
    'ours-otel': `${framework} + ours + OTel`,
    'jwt-bearer': `${framework} + express-oauth2-jwt-bearer`,
  };
  return Object.entries(labels).flatMap(([key, label]) =>
    t[key] ? [{ label, value: t[key].rps, ours: key.startsWith('ours') }] : [],
  );
}

/** The charts, each an inline SVG drawn from the numbers of one benchmark run. */
export function performanceCharts(
  r: BenchResults['results'],
): { heading: string; svg: string; note: string }[] {
  const tabBars = r.tabs.rows.flatMap((row) => [
    { label: `${row.tabs} tab(s): ours`, value: row.ours, ours: true },
    { label: `${row.tabs} tab(s): one client per tab`, value: row.perTab },
  ]);
  return [
    {
      heading: 'Bundle bytes',
      svg: barChart(
        'JavaScript for credentials, once they have arrived (gzip)',
        bundleBars(r.bundle, false),
        kb,
      ),
      note: 'Smaller is better. Lazy chunks (the SDK transport, the SDK’s STS client) are counted once loaded.',
    },
    {
      heading: 'Bundle bytes in an app that already uses S3',
      svg: barChart('Added to an app that sends S3 PutObject (gzip)', bundleBars(r.bundle, true), kb),
      note: 'What each option adds over the S3 client alone: SDK code it shares with S3 is not counted twice.',
    },
    {
      heading: 'STS calls: one tab',
      svg: barChart(
        `STS calls in ${r.stsCalls.hours} h, ${r.stsCalls.consumers} consumers`,
        [
          { label: 'floor', value: r.stsCalls.floor },
          { label: 'ours', value: r.stsCalls.ours, ours: true },
          { label: 'SDK provider per client', value: r.stsCalls.sdkFromWebTokenPerClient },
        ],
        count,
      ),
      note: 'Fewer is better: every consumer shares one client, one exchange per refresh.',
    },
    {
      heading: 'STS calls: many tabs',
      svg: barChart(`STS calls in ${r.tabs.minutes} min`, tabBars, count),
      note: 'Tabs of one browser profile share one exchange (Web Locks + BroadcastChannel).',
    },
    {
      heading: 'STS calls: a fleet',
      svg: barChart(
        `${r.fleet.instances} instances × ${count(r.fleet.users)} users`,
        [
          { label: 'floor (one per user)', value: r.fleet.stsCalls.floor },
          { label: 'ours, Redis store', value: r.fleet.stsCalls.redis, ours: true },
          { label: 'ours, memory store per instance', value: r.fleet.stsCalls.memory },
        ],
        count,
      ),
      note: 'With `@web-identity/redis`, one exchange per user across the fleet.',
    },
    {
      heading: 'Middleware throughput',
      svg: barChart(
        'Requests per second (higher is better)',
        [
          ...throughputBars(r.throughput.express ?? {}, 'Express 5'),
          ...throughputBars(r.throughput.fastify ?? {}, 'Fastify 5'),
        ],
        (v) => `${count(Math.round(v))} req/s`,
      ),
      note: 'Measured with the load generator on the same 2 cores as the server: read the ratios, not the absolute numbers.',
    },
  ];
}

/** The performance page, from the committed bench/results.json. */
export function performanceMarkdown(
  results: BenchResults = JSON.parse(
    readFileSync(new URL('../../../bench/results.json', import.meta.url), 'utf8'),
  ) as BenchResults,
): string {
  const e = results.environment;
  return [
    '# Performance',
    '',
    '<!-- Generated by apps/docs/scripts/performance.ts from bench/results.json: run `pnpm bench` to change it. -->',
    '',
    `Drawn at build time from [\`bench/results.json\`](https://github.com/web-identity/web-identity/blob/main/bench/results.json),`,
    `written by \`pnpm bench\` on ${e.date.slice(0, 10)} (${e.cpu}, Node ${e.node}). The targets, the misses and`,
    'their reasons are in [`bench/RESULTS.md`](https://github.com/web-identity/web-identity/blob/main/bench/RESULTS.md).',
    '',
    ...performanceCharts(results.results).flatMap((c) => [`## ${c.heading}`, '', c.svg, '', c.note, '']),
  ].join('\n');
}
