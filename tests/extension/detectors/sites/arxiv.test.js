import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('abs page: id, version from the address, names as "First Last", abstract from the tags', () => {
  const found = detectPaper('https://arxiv.org/abs/1706.03762v7', loadPage('arxiv-abs.html'));
  assert.equal(found.site, 'arxiv');
  assert.deepEqual(found.paper.ids, { arxiv: '1706.03762' });
  assert.equal(found.paper.version, 7);
  assert.equal(found.paper.url, 'https://arxiv.org/abs/1706.03762');
  assert.equal(found.paper.title, 'Attention Is All You Need');
  assert.deepEqual(found.paper.authors, ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
  assert.match(found.paper.abstract, /^The dominant sequence transduction models/);
});

test('PDF tab works from the address alone, including old-style ids', () => {
  const modern = detectPaper('https://arxiv.org/pdf/2401.01234v2.pdf');
  assert.deepEqual(modern.paper.ids, { arxiv: '2401.01234' });
  assert.equal(modern.paper.version, 2);
  assert.equal(modern.paper.title, '');
  const old = detectPaper('https://arxiv.org/pdf/math/0502036v2');
  assert.deepEqual(old.paper.ids, { arxiv: 'math/0502036' });
  assert.equal(old.paper.version, 2);
});

test('HTML view: LaTeXML title, first line of each author, abstract paragraph', () => {
  const found = detectPaper('https://arxiv.org/html/2401.01234v2', loadPage('arxiv-html.html'));
  assert.equal(found.site, 'arxiv');
  assert.deepEqual(found.paper.ids, { arxiv: '2401.01234' });
  assert.equal(found.paper.title, 'Mixture of Sparse Experts for Long Documents');
  assert.deepEqual(found.paper.authors, ['Jane Q. Researcher', 'Ravi Kumar']);
  assert.match(found.paper.abstract, /^We route each token/);
});

test('version falls back to citation_arxiv_id when the address has none', () => {
  const doc = loadPage('arxiv-abs.html');
  doc.querySelector('meta[name="citation_arxiv_id"]').setAttribute('content', '1706.03762v7');
  assert.equal(detectPaper('https://arxiv.org/abs/1706.03762', doc).paper.version, 7);
});

test('listing and search pages on arxiv.org are not papers', () => {
  assert.equal(detectPaper('https://arxiv.org/list/cs.CL/recent'), null);
  assert.equal(detectPaper('https://arxiv.org/abs/'), null);
});
