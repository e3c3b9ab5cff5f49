// Keeps parsers, registry, fixtures and tests in step (refined-github's meta-test idea).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { SITES } from '../../extension/detectors/sites/index.js';
import { detectPaper } from '../../extension/detectors/detect.js';
import { fixtureNames } from './helpers/pages.js';

const SITES_DIR = new URL('../../extension/detectors/sites/', import.meta.url);
const TESTS_DIR = new URL('./detectors/sites/', import.meta.url);
const siteFiles = readdirSync(SITES_DIR).filter((f) => f.endsWith('.js') && f !== 'index.js');
const isGeneric = (site) => site.matches(new URL('https://example.com/anything'));

test('every parser file is registered, and every registered parser is named after its file', () => {
  assert.deepEqual(SITES.map((s) => `${s.SITE}.js`).sort(), siteFiles.sort());
});

for (const site of SITES) {
  test(`${site.SITE}: has a fixture page, a test file and example URLs`, () => {
    assert.ok(fixtureNames().some((name) => name.startsWith(`${site.SITE}-`)), `no fixture ${site.SITE}-*.html`);
    assert.ok(existsSync(new URL(`${site.SITE}.test.js`, TESTS_DIR)), `no ${site.SITE}.test.js`);
    assert.ok(site.EXAMPLE_URLS.length > 0);
  });
}

test('generic fallbacks come after every site-specific parser', () => {
  const firstGeneric = SITES.findIndex(isGeneric);
  assert.ok(firstGeneric > 0);
  assert.ok(SITES.slice(firstGeneric).every(isGeneric), 'a site-specific parser is listed after a fallback');
});

test('each site-specific parser recognises its example URLs from the address alone', () => {
  for (const site of SITES.filter((s) => !isGeneric(s))) {
    for (const url of site.EXAMPLE_URLS) {
      const found = detectPaper(url);
      assert.equal(found?.site, site.SITE, url);
      assert.ok(Object.keys(found.paper.ids).length > 0, url);
    }
  }
});
