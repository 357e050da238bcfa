import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkLayers, circles, layerRanks, upward } from '../../../tools/layers.mjs';

/**
 * The layers of node, lowest first: a file may import its own layer or a lower one, never a higher one, and no
 * import circles at all (type-only imports count). The README's "How it is built" table names the same folders.
 * The broker sits below http/: it is framework-neutral and never imports the HTTP layer.
 */
const LAYERS = [
  ['types.ts', 'log.ts', 'store.ts', 'errors.ts', 'lru.ts', 'hash.ts', 'digest.ts', 'tokenBucket.ts'], // shared vocabulary and tools
  ['telemetry/'], // logger, diagnostics channels, OpenTelemetry
  ['auth/'], // where the token is, its verification, the ALB header
  ['sources/'], // assumeRole
  ['broker/'], // framework-neutral: authenticate, cache, exchange, req.aws, rate limit
  ['http/', 'web/'], // Express/Connect, Fastify, the credential endpoint, problem+json; fetch Request/Response
  ['index.ts', 'otel.ts', 'web.ts', 'hono.ts', 'next.ts', 'sveltekit.ts', 'h3.ts'], // entry points
];

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Functions (declarations, methods, arrows) with more than `max` positional parameters, as `file:line`. */
function longParameterLists(max: number): string[] {
  const out: string[] = [];
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const sf = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && node.parameters.length > max) {
        out.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe('node layers', () => {
  it('every file is in a layer, no import circles, no import runs back up a layer', () => {
    expect(checkLayers(SRC, LAYERS)).toEqual({ unplaced: [], circles: [], upward: [] });
  });
  it('no function takes more than four positional parameters (a longer list is a missing options object)', () => {
    expect(longParameterLists(4)).toEqual([]);
    expect(longParameterLists(3).length).toBeGreaterThan(0); // the check sees parameter lists at all
  });
  it('the checker sees a circle and an upward import when there is one', () => {
    const bad = new Map([
      ['broker/a.ts', ['http/b.ts']],
      ['http/b.ts', ['broker/a.ts']],
    ]);
    expect(circles(bad)).toEqual([['broker/a.ts', 'http/b.ts']]);
    expect(upward(bad, layerRanks(LAYERS))).toEqual(['broker/a.ts -> http/b.ts']);
    expect(() => layerRanks(LAYERS)('elsewhere/c.ts')).toThrow(/in no layer/);
  });
});
