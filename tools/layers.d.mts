/** The relative imports of each file under `srcDir` (type-only and dynamic ones included), src-relative. */
export declare function importGraph(srcDir: string): Map<string, string[]>;
/** The import circles: groups of files that import each other, directly or not. */
export declare function circles(graph: Map<string, string[]>): string[][];
/** Imports from a lower layer to a higher one, as `"from -> to"` lines. */
export declare function upward(graph: Map<string, string[]>, layerOf: (file: string) => number): string[];
/** Functions under `srcDir` with more than `max` parameters, as `"file:line name (n)"` lines. */
export declare function longParameterLists(srcDir: string, max: number): string[];
/** A rank function over layers (lowest first; each names folders `'http/'` or files); throws for a file in none. */
export declare function layerRanks(layers: string[][]): (file: string) => number;
/** The whole check of a package's src/: files in no layer, import circles, imports running back up. */
export declare function checkLayers(
  srcDir: string,
  layers: string[][],
): { unplaced: string[]; circles: string[][]; upward: string[] };
