// "My papers" import status, rendered into the real list page (linkedom): progress while the
// server reads and saves the file, then the counts and every entry that could not be imported.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

const LIST_HTML = readFileSync(new URL('../../../extension/list/list.html', import.meta.url), 'utf8');
let formatOf;
let showImport;

before(async () => {
  ({ document: globalThis.document, Node: globalThis.Node } = parseHTML(LIST_HTML));
  ({ formatOf, showImport } = await import('../../../extension/list/import.js'));
});

const RECORD = { id: 'abc', list: 'default', format: 'bibtex', status: 'running', phase: 'saving', entries: 10000, processed: 3500, imported: 3400, updated: 100, errors: [], error: null };
const status = () => document.getElementById('import-status');

test('the page has a file input for BibTeX or JSON and a live region for the import', () => {
  const input = document.getElementById('import-file');
  assert.equal(input.getAttribute('type'), 'file');
  assert.match(input.getAttribute('accept'), /\.bib/);
  assert.match(input.getAttribute('accept'), /\.json/);
  assert.equal(status().getAttribute('aria-live'), 'polite');
  assert.equal(formatOf('library.JSON'), 'json');
  assert.equal(formatOf('zotero-export.bib'), 'bibtex');
});

test('while saving, the progress bar and text give entries done of the total', () => {
  showImport(status(), RECORD, '“lib.bib” (9.0 MiB)');
  assert.match(status().textContent, /Importing “lib.bib” \(9.0 MiB\): saving: 3,500 of 10,000 entries/);
  const bar = status().querySelector('progress');
  assert.equal(bar.getAttribute('max'), '10000');
  assert.equal(bar.getAttribute('value'), '3500');
  showImport(status(), { ...RECORD, phase: 'reading', entries: null, processed: 0 }, '“lib.bib”');
  assert.match(status().textContent, /reading the file/);
  assert.equal(status().querySelector('progress').getAttribute('value'), null);  // indeterminate
});

test('when done, the counts and each entry that could not be imported, the first 50 of them', () => {
  const errors = Array.from({ length: 53 }, (_, n) => ({ entry: `e${n}`, message: `entry 'e${n}' names no paper: it has no eprint, doi or url` }));
  showImport(status(), { ...RECORD, status: 'done', phase: 'done', processed: 10000, imported: 9900, updated: 47, errors }, '“lib.bib”');
  assert.match(status().textContent, /Imported “lib.bib”: 9,900 new papers, 47 papers already in the list updated; 53 entries could not be imported:/);
  const items = [...status().querySelectorAll('.import-errors li')];
  assert.equal(items.length, 50);
  assert.equal(items[0].textContent, "e0: entry 'e0' names no paper: it has no eprint, doi or url");
  assert.match(status().textContent, /…and 3 more\./);
  assert.equal(status().querySelector('progress'), null);
});

test('a failed import says why; markup in an error stays text', () => {
  showImport(status(), { ...RECORD, status: 'failed', phase: 'failed', error: 'The request body is not JSON: <b>x</b>.' }, '“lib.json”');
  assert.equal(status().querySelector('b'), null);
  assert.match(status().textContent, /Importing “lib.json” failed: The request body is not JSON: <b>x<\/b>\./);
});
