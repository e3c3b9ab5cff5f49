import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

const URL = 'https://www.semanticscholar.org/search?q=mixture%20of%20experts&sort=relevance';

test('Semantic Scholar search: S2 id from each result link, the expanded abstract without its button', () => {
  const found = detectListing(URL, loadPage('semantic-scholar-search-results.html'));
  assert.equal(found.site, 'semantic-scholar-search');
  assert.deepEqual(found.papers.map((p) => p.ids.s2), [
    '5b2a6d3c7e4f9a1b0c8d2e3f4a5b6c7d8e9f0a1b', '0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d']);
  const [first, second] = found.papers;
  assert.equal(first.title, 'Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer');
  assert.deepEqual(first.authors, ['Noam M. Shazeer', 'Azalia Mirhoseini']);
  assert.match(first.abstract, /^The capacity of a neural network .* computation\.$/);
  // Collapsed, a result shows Semantic Scholar's TL;DR: not the abstract, so not sent.
  assert.equal(second.abstract, '');
});

test('a paper page is no listing', () => {
  assert.equal(detectListing('https://www.semanticscholar.org/paper/x/5b2a6d3c7e4f9a1b0c8d2e3f4a5b6c7d8e9f0a1b',
    loadPage('semantic-scholar-search-results.html')), null);
});
