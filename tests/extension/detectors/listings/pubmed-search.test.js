import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('PubMed search: PMID, title and authors of each result; the snippet is not sent as an abstract', () => {
  const found = detectListing('https://pubmed.ncbi.nlm.nih.gov/?term=sleep+exercise', loadPage('pubmed-search-results.html'));
  assert.equal(found.site, 'pubmed-search');
  assert.deepEqual(found.papers.map((p) => p.ids.pmid), ['31452104', '30012345']);
  const [first] = found.papers;
  assert.equal(first.url, 'https://pubmed.ncbi.nlm.nih.gov/31452104/');
  assert.equal(first.title, 'Exercise and sleep quality in older adults: a randomized trial.');
  assert.deepEqual(first.authors, ['Nguyen T', 'Schmidt H', "O'Brien K"]);
  assert.equal(first.abstract, '');
});

test('an article page is no listing', () => {
  assert.equal(detectListing('https://pubmed.ncbi.nlm.nih.gov/31452104/', loadPage('pubmed-search-results.html')), null);
});
