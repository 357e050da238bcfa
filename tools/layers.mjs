// Import rules of a package's src/: no import circles, and no import that runs back up a layer.
// Used by each package's layers test (packages/core/test/layers.test.ts, packages/node/test/layers.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every `.ts` file under `dir` (absolute paths). */
function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * The relative imports of each file (type-only and dynamic ones included), as src-relative paths.
 *
 * @param {string} srcDir
 * @returns {Map<string, string[]>}
 */
export function importGraph(srcDir) {
  const graph = new Map();
  for (const file of tsFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((n) => n.startsWith('.'))
      .map((n) => relative(srcDir, resolve(dirname(file), n.replace(/\.js$/, '.ts'))));
    graph.set(relative(srcDir, file), [...new Set(targets)]);
  }
  return graph;
}

/** The import circles (strongly connected components of more than one file, or a file importing itself). */
export function circles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/**
 * Imports that run back up: `layerOf(file)` gives each file's rank (higher may import lower or equal, never
 * higher). Returns `"from -> to"` lines.
 *
 * @param {Map<string, string[]>} graph
 * @param {(file: string) => number} layerOf
 */
export function upward(graph, layerOf) {
  const out = [];
  for (const [from, targets] of graph) {
    for (const to of targets) if (layerOf(to) > layerOf(from)) out.push(`${from} -> ${to}`);
  }
  return out.sort();
}

/**
 * Functions, methods and arrow functions declared under `srcDir` with more than `max` parameters, as
 * `"file:line name (n)"` lines: a long positional list is an options object waiting to be written.
 *
 * @param {string} srcDir
 * @param {number} max
 */
export function longParameterLists(srcDir, max) {
  const out = [];
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (
        ts.isFunctionLike(node) &&
        node.parameters &&
        node.parameters.length > max &&
        !ts.isFunctionTypeNode(node)
      ) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
        out.push(`${relative(srcDir, file)}:${line + 1} ${name} (${node.parameters.length})`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out.sort();
}

/**
 * A rank function over a list of layers, lowest first: each layer names folders (`'http/'`) or files
 * (`'index.ts'`). A file in no layer throws, naming itself.
 *
 * @param {string[][]} layers
 * @returns {(file: string) => number}
 */
export function layerRanks(layers) {
  return (file) => {
    const i = layers.findIndex((names) =>
      names.some((n) => (n.endsWith('/') ? file.startsWith(n) : file === n)),
    );
    if (i < 0) throw new Error(`${file} is in no layer: add its folder to the layers`);
    return i;
  };
}

/**
 * The whole check of a package's src/: files in no layer, import circles, imports running back up. All three
 * lists are empty when the package keeps its layers.
 *
 * @param {string} srcDir
 * @param {string[][]} layers
 */
export function checkLayers(srcDir, layers) {
  const graph = importGraph(srcDir);
  const rank = layerRanks(layers);
  const unplaced = [...graph.keys()].filter((file) => {
    try {
      rank(file);
      return false;
    } catch {
      return true;
    }
  });
  const placed = new Map([...graph].filter(([file]) => !unplaced.includes(file)));
  return {
    unplaced,
    circles: circles(graph),
    upward: upward(placed, (f) => (unplaced.includes(f) ? -1 : rank(f))),
  };
}
