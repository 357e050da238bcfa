import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circles, importGraph, layerRanks, longParameterLists, upward } from '../../../tools/layers.mjs';

/**
 * The layers of core, lowest first: a file may import its own layer or a lower one, never a higher one, and no
 * import circles at all (type-only imports count). The README's "How it is built" table names the same folders.
 */
const LAYERS = [
  ['errors.ts', 'events.ts', 'types.ts'], // the shared vocabulary
  ['platform/'], // the only reader of the environment
  ['time/'],
  ['aws/'],
  ['transport/'],
  ['sources/'],
  ['flight/'], // one exchange; never sees the client's state
  ['client/'],
  ['api.ts', 'index.ts', 'fetch.ts', 'internal.ts'], // entry points
];

const layerOf = layerRanks(LAYERS);

const src = fileURLToPath(new URL('../src', import.meta.url));
const graph = importGraph(src);

describe('core layers', () => {
  it('every file is in a layer', () => {
    for (const file of graph.keys()) expect(() => layerOf(file), file).not.toThrow();
  });
  it('no import circles', () => {
    expect(circles(graph)).toEqual([]);
  });
  it('no import runs back up a layer', () => {
    expect(upward(graph, layerOf)).toEqual([]);
  });
  it('no positional parameter list over 4 (an options object instead)', () => {
    expect(longParameterLists(src, 4)).toEqual([]);
  });
  it('the checker sees a circle and an upward import when there is one', () => {
    const bad = new Map([
      ['client/a.ts', ['flight/b.ts']],
      ['flight/b.ts', ['client/a.ts']],
    ]);
    expect(circles(bad)).toEqual([['client/a.ts', 'flight/b.ts']]);
    expect(upward(bad, layerOf)).toEqual(['flight/b.ts -> client/a.ts']);
  });
});
