/**
 * No import cycles in src/: neither between files (type-only imports count: a type cycle still ties two modules
 * together) nor between the folders the monitor, store, auth and service layers live in. madge builds the graph from
 * the sources with the project's tsconfig; a new cycle fails this test naming its files.
 */
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const graph = madge('src', { fileExtensions: ['ts'], tsConfig: 'tsconfig.json' });

describe('import graph of src/', () => {
  it('has no circular dependency between files', async () => {
    const cycles = (await graph).circular().map((c) => c.join(' > '));
    expect(cycles).toEqual([]);
  });

  it('keeps the lower layers from importing the ones above them', async () => {
    const deps = (await graph).obj();
    // Folder → folders it must never import from (each pair was once a cycle).
    const forbidden: Record<string, string[]> = {
      monitors: ['services', 'resolvers', 'schema'],
      store: ['datasources', 'monitors', 'services', 'inventory'],
      domain: ['services', 'store', 'monitors', 'auth'],
    };
    // Leaves any layer may name: the platform codes (no import of their own beyond the vocabulary).
    const leaves = new Set(['datasources/platform-codes.ts']);
    const found: string[] = [];
    for (const [file, imports] of Object.entries(deps)) {
      const from = file.split('/')[0]!;
      for (const target of imports) {
        if (!leaves.has(target) && forbidden[from]?.includes(target.split('/')[0]!)) found.push(`${file} → ${target}`);
      }
    }
    expect(found).toEqual([]);
  });
});
