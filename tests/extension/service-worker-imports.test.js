// What the service worker loads: its import graph, read from the import statements of
// service-worker.js and, recursively, of every module it reaches. The detectors read a page's
// DOM, which the service worker never has; only the toolbar badge borrows them, for the
// address-only check (detectPaper(tab.url) with no document).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../../extension/', import.meta.url);
const name = (url) => relative(fileURLToPath(ROOT), fileURLToPath(url));
// Static `import … from '…'`, bare `import '…'`, `export … from '…'`, and dynamic import('…').
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(url) {
  const source = readFileSync(url, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...source.matchAll(SPECIFIER)].map((m) => new URL(m[1] ?? m[2], url));
}

/** Map of module name -> names of the modules it imports, for every module reachable from entry. */
function importGraph(entry) {
  const graph = new Map();
  const pending = [new URL(entry, ROOT)];
  while (pending.length) {
    const url = pending.pop();
    if (graph.has(name(url))) continue;
    const imports = importsOf(url);
    graph.set(name(url), imports.map(name));
    pending.push(...imports);
  }
  return graph;
}

const isDetector = (module) => module.startsWith('detectors/');

test('the import graph reader sees static, re-exported and dynamic imports, not comments', () => {
  const graph = importGraph('popup/tab-paper.js');
  assert.deepEqual(graph.get('popup/tab-paper.js'), ['detectors/detect.js']);
  assert.ok(graph.get('detectors/sites/index.js').includes('detectors/sites/doi.js'));
});

test('in the service worker, only the badge imports a detector, and only for an address', () => {
  const graph = importGraph('service-worker.js');
  assert.ok(graph.has('background/handlers.js') && graph.has('lib/submission.js'));
  const importers = [...graph].filter(([module, imports]) => !isDetector(module) && imports.some(isDetector));
  assert.deepEqual(importers.map(([module, imports]) => [module, imports.filter(isDetector)]),
    [['background/badge.js', ['detectors/detect.js']]]);
  assert.match(readFileSync(new URL('background/badge.js', ROOT), 'utf8'), /detectPaper\(tab\.url\)/);
});
