import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('PubMed: PMID from the address, DOI and semicolon authors from tags, abstract from the body', () => {
  const found = detectPaper('https://pubmed.ncbi.nlm.nih.gov/31452104/', loadPage('pubmed-article.html'));
  assert.equal(found.site, 'pubmed');
  assert.deepEqual(found.paper.ids, { pmid: '31452104', doi: '10.1111/jsr.12899' });
  assert.equal(found.paper.title, 'Exercise and sleep quality in older adults: a randomized trial');
  assert.deepEqual(found.paper.authors, ['Nguyen T', 'Schmidt H', "O'Brien K"]);
  assert.match(found.paper.abstract, /Objective: To test whether exercise improves sleep\. Results: Sleep efficiency rose/);
});

test('authors from the body list when the tags lack them; search pages are not papers', () => {
  const doc = loadPage('pubmed-article.html');
  doc.querySelector('meta[name="citation_authors"]').remove();
  assert.deepEqual(detectPaper('https://pubmed.ncbi.nlm.nih.gov/31452104', doc).paper.authors, ['Thi Nguyen', 'Hanna Schmidt']);
  assert.equal(detectPaper('https://pubmed.ncbi.nlm.nih.gov/?term=sleep'), null);
});
