/**
 * Bundle size: every entry is built by the same Vite 8 (rolldown) app build with the same flags (minify,
 * es2022, production NODE_ENV, the UI frameworks external because an app already ships them), then measured
 * min, gzip -9 and brotli q11. Output under bench/.tmp (gitignored), never written to disk by Vite.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { FEATURES, stubbedName, stubModules } from './features.mjs';
import { sizes } from './util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, '..', '.tmp', 'bundle');

const ROLE = 'arn:aws:iam::123456789012:role/PhotoUploader';
const POOL = 'eu-west-1:00000000-0000-4000-8000-000000000000';
/** The source an entry's client uses: its factory's name and the call. */
const SOURCES = {
  webIdentity: ['webIdentity', `webIdentity({ roleArn: '${ROLE}' })`],
  cognito: ['cognitoIdentityPool', `cognitoIdentityPool({ identityPoolId: '${POOL}' })`],
  'cognito-guest': ['cognitoIdentityPool', `cognitoIdentityPool({ identityPoolId: '${POOL}', guest: true })`],
};
const CLIENT = ({
  transport,
  source = 'webIdentity',
  onEvent,
} = {}) => `const client = createCredentialsClient({
  region: 'eu-west-1',
  source: ${SOURCES[source][1]},
  getIdToken: () => globalThis.idToken ?? null,${transport ? `\n  transport: ${transport},` : ''}${onEvent ? '\n  onEvent: (e) => console.log(e.type),' : ''}
});`;
const S3_IMPORT = `import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';`;
const S3_PUT = (credentials) =>
  `new S3Client({ region: 'eu-west-1', credentials: ${credentials} }).send(new PutObjectCommand({ Bucket: 'demo-uploads', Key: 'uploads/alice/a.txt', Body: 'hi' })).then(console.log);`;

/**
 * `lean`: the app imports the client and the source from `@web-identity/core/fetch` (nothing there reaches the
 * SDK or an `import()`); `fetch`: the main entry with `transport: fetchTransport()`; `sdk`: the main entry's default.
 * `app` (lean only): which source (`SOURCES`) and whether an `onEvent` listener is passed.
 */
const react = (mode, s3, app = {}) => `
import { AwsCredentialsProvider, useAwsCredentials${mode === 'lean' ? '' : ', createCredentialsClient, webIdentity'}${mode === 'fetch' ? ', fetchTransport' : ''} } from '@web-identity/react';
${mode === 'lean' ? `import { createCredentialsClient, ${SOURCES[app.source ?? 'webIdentity'][0]} } from '@web-identity/core/fetch';` : ''}
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
${s3 ? S3_IMPORT : ''}
${CLIENT({ ...app, transport: mode === 'fetch' ? 'fetchTransport()' : undefined })}
function Status() {
  const { status, credentials } = useAwsCredentials();
  return createElement('p', null, status, credentials ? credentials.accessKeyId : '');
}
createRoot(document.getElementById('root')).render(createElement(AwsCredentialsProvider, { client }, createElement(Status)));
${s3 ? S3_PUT('client.provider') : ''}`;

const coreOnly = `
import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
${CLIENT()}
client.subscribe((s) => console.log(s.status));
globalThis.client = client;`;

const vue = `
import { createAwsCredentials, useAwsCredentials } from '@web-identity/vue';
import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
import { createApp, h } from 'vue';
${CLIENT()}
createApp({ setup() { const { status } = useAwsCredentials(); return () => h('p', status.value); } })
  .use(createAwsCredentials(client))
  .mount('#app');`;

const angular = `
import { AwsCredentialsService, provideAwsCredentials } from '@web-identity/angular';
import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
${CLIENT()}
globalThis.providers = [provideAwsCredentials(() => client), AwsCredentialsService];`;

// A Svelte 5 component is a function of (anchor, props); this one does what a root component's <script> would.
const svelte = `
import { getAwsCredentials, setAwsCredentials } from '@web-identity/svelte';
import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
import { mount } from 'svelte';
${CLIENT()}
function App() { setAwsCredentials(client); const creds = getAwsCredentials(); console.log(creds.status); }
mount(App, { target: document.body });`;

const solid = `
import { AwsCredentialsProvider, useAwsCredentials } from '@web-identity/solid';
import { createCredentialsClient, webIdentity } from '@web-identity/core/fetch';
import { createComponent } from 'solid-js';
import { render } from 'solid-js/web';
${CLIENT()}
render(() => createComponent(AwsCredentialsProvider, { client, get children() { return useAwsCredentials().status; } }), document.body);`;

const raw = (s3) => `
import { fromWebToken } from '@aws-sdk/credential-providers';
${s3 ? S3_IMPORT : ''}
const provider = fromWebToken({ roleArn: '${ROLE}', webIdentityToken: globalThis.idToken, clientConfig: { region: 'eu-west-1' } });
${s3 ? S3_PUT('provider') : 'provider().then((c) => console.log(c.accessKeyId));'}`;

const amplify = (s3) => `
import { Amplify } from 'aws-amplify';
import { decodeJWT, fetchAuthSession } from 'aws-amplify/auth';
${s3 ? S3_IMPORT : ''}
Amplify.configure(
  { Auth: { Cognito: { identityPoolId: 'eu-west-1:00000000-0000-4000-8000-000000000000', allowGuestAccess: false } } },
  { Auth: { tokenProvider: { async getTokens() { const t = decodeJWT(globalThis.idToken); return { idToken: t, accessToken: t }; } } } },
);
${
  s3
    ? S3_PUT('async () => (await fetchAuthSession()).credentials')
    : 'fetchAuthSession().then((s) => console.log(s.credentials?.accessKeyId));'
}`;

/** The physical floor of a lean path: one hand-written STS call and the three fields read out of its XML. */
const floor = `
const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: '${ROLE}', RoleSessionName: 'u', WebIdentityToken: globalThis.idToken });
const pick = (x, t) => x.match(new RegExp('<' + t + '>([^<]*)</' + t + '>'))?.[1];
fetch('https://sts.eu-west-1.amazonaws.com/', { method: 'POST', body }).then((r) => r.text()).then((x) => {
  globalThis.creds = { accessKeyId: pick(x, 'AccessKeyId'), secretAccessKey: pick(x, 'SecretAccessKey'), sessionToken: pick(x, 'SessionToken'), expiration: new Date(pick(x, 'Expiration')) };
});`;

const s3Alone = `
${S3_IMPORT}
${S3_PUT('{ accessKeyId: globalThis.k, secretAccessKey: globalThis.s }')}`;

export const ENTRIES = {
  'core-only': coreOnly,
  floor,
  'a-react-lean': react('lean', false),
  'a-react-lean+onEvent': react('lean', false, { onEvent: true }),
  'g-react-cognito': react('lean', false, { source: 'cognito' }),
  'g-react-cognito-guest': react('lean', false, { source: 'cognito-guest' }),
  'a-react-fetch': react('fetch', false),
  'b-react-sdk': react('sdk', false),
  'c-raw-fromWebToken': raw(false),
  'd-amplify': amplify(false),
  's3-alone': s3Alone,
  'e-a-react-lean+s3': react('lean', true),
  'e-a-react-fetch+s3': react('fetch', true),
  'e-b-react-sdk+s3': react('sdk', true),
  'e-c-raw-fromWebToken+s3': raw(true),
  'e-d-amplify+s3': amplify(true),
  'f-vue': vue,
  'f-angular': angular,
  'f-svelte': svelte,
  'f-solid': solid,
};

/** Entries that need a framework compiler: the Svelte adapter ships a runes module (`.svelte.js`) its app compiles. */
const ENTRY_PLUGINS = {
  'f-svelte': () => [
    import('@sveltejs/vite-plugin-svelte').then((m) =>
      m.svelte({ configFile: false, compilerOptions: { dev: false } }),
    ),
  ],
};

const EXTERNAL = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^vue($|\/)/,
  /^@angular\//,
  /^rxjs($|\/)/,
  /^svelte($|\/)/,
  /^solid-js($|\/)/,
];
const isSdk = (id) =>
  /[\\/]node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?@(aws-sdk|smithy)[\\/]/.test(id);

/** A module's id as the report shows it: `packages/<pkg>/…` for ours, the package path for node_modules. */
const shortModuleId = (id) =>
  id
    .replace(/^.*node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?/, '')
    .replace(/^.*\/packages\//, 'packages/')
    .replace(/^\0/, '');

/**
 * Builds one entry; returns initial-chunk and all-chunk sizes plus the @aws-sdk/@smithy bytes in the initial chunk.
 * `plugins` are added to the build (the stub plugin of a feature's marginal build).
 */
export async function measureEntry(name, code, plugins = []) {
  const dir = join(tmp, name.replace(/[^\w.+-]/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, code);
  const out = await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins,
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: { input: entry, external: EXTERNAL },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
  const chunks = new Map(outputs.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const entryChunk = [...chunks.values()].find((c) => c.isEntry);
  // `dynamic`: follow import() edges too; a function skips the edges it rejects (chunks never requested).
  const reach = (start, dynamic) => {
    const seen = new Set();
    const walk = (f) => {
      if (seen.has(f) || !chunks.has(f)) return;
      seen.add(f);
      const c = chunks.get(f);
      for (const i of c.imports) walk(i);
      if (dynamic) for (const i of c.dynamicImports) if (dynamic === true || dynamic(chunks.get(i))) walk(i);
    };
    walk(start);
    return [...seen].map((f) => chunks.get(f));
  };
  const initial = reach(entryChunk.fileName, false);
  const all = reach(entryChunk.fileName, true);
  // A webIdentity source never calls Cognito: the default transport's import() of the Cognito client is
  // emitted but not requested before credentials arrive.
  const loaded = reach(entryChunk.fileName, (c) => !/client-cognito-identity/.test(c?.facadeModuleId ?? ''));
  const sdkInInitial = initial.reduce(
    (n, c) =>
      n +
      Object.entries(c.modules ?? {})
        .filter(([id]) => isSdk(id))
        .reduce((m, [, info]) => m + (info.renderedLength ?? 0), 0),
    0,
  );
  const sdkModuleIdsInInitial = initial.flatMap((c) =>
    (c.moduleIds ?? Object.keys(c.modules ?? {})).filter(isSdk),
  );
  const modules = initial
    .flatMap((c) => Object.entries(c.modules ?? {}))
    .map(([id, info]) => ({ module: shortModuleId(id), renderedLength: info.renderedLength }))
    .filter((m) => m.renderedLength > 0)
    .sort((a, b) => b.renderedLength - a.renderedLength);
  return {
    name,
    initial: sizes(initial.map((c) => c.code).join('\n')),
    all: sizes(all.map((c) => c.code).join('\n')),
    loaded: sizes(loaded.map((c) => c.code).join('\n')),
    loadedChunks: loaded.length,
    initialChunks: initial.length,
    chunks: all.length,
    sdkBytesInInitial: sdkInInitial,
    // Where the initial chunk's bytes come from (rendered = after tree-shaking, before minification).
    initialRendered: modules.reduce((n, m) => n + m.renderedLength, 0),
    initialModules: modules.slice(0, 12),
    sdkModulesInInitial: sdkModuleIdsInInitial.length,
  };
}

/** `@web-identity/core`'s dist/, the folder FEATURES' module paths are relative to. */
export const coreDist = () =>
  dirname(createRequire(join(here, '..', 'package.json')).resolve('@web-identity/core/fetch'));

/** The builds of a run: `[name, code, plugins()]`; each feature with a stub list adds its stubbed build. */
function builds(names) {
  const stubbed = Object.entries(FEATURES)
    .filter(([, f]) => f.stub && names.includes(f.entry))
    .map(([key, f]) => [
      stubbedName(key),
      ENTRIES[f.entry],
      () => [stubModules(coreDist(), f.stub, { feature: key })],
    ]);
  return [...names.map((name) => [name, ENTRIES[name], ENTRY_PLUGINS[name] ?? (() => [])]), ...stubbed];
}

const SMOKE = [
  'core-only',
  'floor',
  'a-react-lean',
  'b-react-sdk',
  ...Object.values(FEATURES).map((f) => f.entry),
];

export async function runBundle({ smoke }) {
  const results = {};
  for (const [name, code, plugins] of builds(smoke ? [...new Set(SMOKE)] : Object.keys(ENTRIES))) {
    // One retry: a workspace package's dist can be mid-rebuild by its owner while this runs.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        results[name] = await measureEntry(name, code, plugins());
        break;
      } catch (err) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colours from Vite's message
        const message = String(err?.message ?? err).replace(/\x1b\[[0-9;]*m/g, '');
        results[name] = { name, error: message.split('\n').filter(Boolean).slice(0, 3).join(' ') };
      }
    }
  }
  return results;
}
