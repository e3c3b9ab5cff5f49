import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

const URL_WITH_SLUG = 'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776';

test('JSON-LD article: name, abstract (not the TLDR), all authors, DOI from sameAs (an arXiv DOI adds the arXiv id)', () => {
  const found = detectPaper(URL_WITH_SLUG, loadPage('semantic-scholar-paper.html'));
  assert.equal(found.site, 'semantic-scholar');
  assert.deepEqual(found.paper.ids, { s2: '204e3073870fae3d05bcbc2f6a8e263d9b72e776', doi: '10.48550/arXiv.1706.03762', arxiv: '1706.03762' });
  assert.equal(found.paper.title, 'Attention is All you Need');
  assert.equal(found.paper.authors.length, 3);
  assert.match(found.paper.abstract, /^The dominant sequence/);
});

test('before the app renders, citation tags still give the paper', () => {
  const doc = loadPage('semantic-scholar-paper.html');
  doc.querySelector('script.schema-data').remove();
  const found = detectPaper(URL_WITH_SLUG, doc);
  assert.equal(found.paper.title, 'Attention is All you Need');
  assert.deepEqual(found.paper.authors, ['Ashish Vaswani', 'Noam M. Shazeer']);
  assert.equal(detectPaper('https://www.semanticscholar.org/search?q=attention'), null);
});
