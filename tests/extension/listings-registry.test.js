// Keeps listing parsers, registry, fixtures and tests in step, as sites-registry.test.js does
// for paper pages; and keeps the two kinds apart: a listing address is no paper page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { LISTINGS } from '../../extension/detectors/listings/index.js';
import { SITES } from '../../extension/detectors/sites/index.js';
import { detectPaper } from '../../extension/detectors/detect.js';
import { fixtureNames } from './helpers/pages.js';

const LISTINGS_DIR = new URL('../../extension/detectors/listings/', import.meta.url);
const TESTS_DIR = new URL('./detectors/listings/', import.meta.url);
const files = readdirSync(LISTINGS_DIR).filter((f) => f.endsWith('.js') && f !== 'index.js');
const isGeneric = (site) => site.matches(new URL('https://example.com/anything'));

test('every listing parser file is registered, named after its file', () => {
  assert.deepEqual(LISTINGS.map((s) => `${s.SITE}.js`).sort(), files.sort());
});

for (const listing of LISTINGS) {
  test(`${listing.SITE}: has a fixture page, a test file and example URLs it matches`, () => {
    assert.ok(fixtureNames().some((name) => name.startsWith(`${listing.SITE}-`)), `no fixture ${listing.SITE}-*.html`);
    assert.ok(existsSync(new URL(`${listing.SITE}.test.js`, TESTS_DIR)), `no ${listing.SITE}.test.js`);
    assert.ok(listing.EXAMPLE_URLS.length > 0);
    for (const url of listing.EXAMPLE_URLS) assert.ok(listing.matches(new URL(url)), url);
  });
}

test('no listing address is taken for a paper page by a site-specific paper parser', () => {
  for (const listing of LISTINGS) {
    for (const url of listing.EXAMPLE_URLS) {
      const found = detectPaper(url);
      assert.ok(!found || isGeneric(SITES.find((s) => s.SITE === found.site)), `${url} -> ${found?.site}`);
    }
  }
});
