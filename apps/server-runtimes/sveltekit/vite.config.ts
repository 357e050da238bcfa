import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// A minimal SvelteKit 3 app on the Node adapter: the `awsCredentialsHandle` hook and one endpoint.
export default defineConfig({ plugins: [sveltekit({ adapter: adapter({ out: 'build' }) })] });
