import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';
import { PROVIDERS } from '../cookbook/providers.ts';
import { REPO_BLOB } from '../scripts/repo.ts';

// Written by TypeDoc (scripts/generate.ts runs before every build and dev server).
const apiSidebar = JSON.parse(readFileSync(new URL('../api/typedoc-sidebar.json', import.meta.url), 'utf8'));

// Offline by design: local search (no Algolia), the default theme's bundled fonts (no CDN), no analytics.
// Dead internal links fail the build (VitePress's default; `ignoreDeadLinks` stays unset), and
// scripts/check-links.ts then checks every link into the repository's own files.
export default defineConfig({
  title: 'web-identity',
  description: 'Temporary AWS credentials from your own OpenID Connect identity provider',
  cleanUrls: true,
  lastUpdated: false,
  srcExclude: ['**/README.md', 'node_modules/**'],
  themeConfig: {
    search: { provider: 'local' },
    socialLinks: [],
    editLink: { pattern: `${REPO_BLOB}apps/docs/:path`, text: 'This page in the repository' },
    nav: [
      { text: 'Getting started', link: '/getting-started/' },
      { text: 'IdP cookbook', link: '/cookbook/' },
      { text: 'Concepts', link: '/concepts/' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Getting started',
        items: [
          { text: 'Overview', link: '/getting-started/' },
          { text: 'React', link: '/getting-started/react' },
          { text: 'Vue', link: '/getting-started/vue' },
          { text: 'Angular', link: '/getting-started/angular' },
          { text: 'Svelte', link: '/getting-started/svelte' },
          { text: 'Solid', link: '/getting-started/solid' },
          { text: 'Node', link: '/getting-started/node' },
          { text: 'Next.js', link: '/getting-started/nextjs' },
          { text: 'Hono', link: '/getting-started/hono' },
          { text: 'SvelteKit', link: '/getting-started/sveltekit' },
          { text: 'Nuxt, Nitro, h3', link: '/getting-started/nuxt' },
          { text: 'Bun, Deno, Workers', link: '/getting-started/edge' },
          { text: 'React Native and Expo', link: '/getting-started/react-native' },
        ],
      },
      {
        text: 'IdP cookbook',
        items: [
          { text: 'How to read a recipe', link: '/cookbook/' },
          ...PROVIDERS.map((p) => ({ text: p.title, link: `/cookbook/${p.id}/` })),
          { text: 'Guest access (identity pools)', link: '/cookbook/guest-access/' },
          { text: 'Web Workers and Service Workers', link: '/cookbook/workers/' },
        ],
      },
      {
        text: 'Concepts',
        items: [
          { text: 'Overview', link: '/concepts/' },
          { text: 'Refresh windows', link: '/concepts/refresh-windows' },
          { text: 'Clock skew', link: '/concepts/clock-skew' },
          { text: 'Single flight', link: '/concepts/single-flight' },
          { text: 'Many tabs', link: '/concepts/cross-tab' },
          { text: 'Fleet cache', link: '/concepts/fleet-cache' },
          { text: 'Security model', link: '/concepts/security-model' },
          { text: 'Observability', link: '/concepts/observability' },
          { text: 'Support matrix', link: '/concepts/support-matrix' },
        ],
      },
      { text: 'Troubleshooting', link: '/troubleshooting' },
      { text: 'Performance', link: '/performance' },
      {
        text: 'API reference',
        collapsed: true,
        items: [{ text: 'All packages', link: '/api/' }, ...apiSidebar],
      },
    ],
  },
});
