import { buildPages } from '../src/build.js';

/** Once per run: the pages' scripts bundled against the built packages. */
export default async function setup(): Promise<void> {
  await buildPages();
}
