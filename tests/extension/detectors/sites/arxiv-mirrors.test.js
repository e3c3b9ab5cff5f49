import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('Hugging Face paper page maps to the arXiv id and strips the "Paper page - " title prefix', () => {
  const found = detectPaper('https://huggingface.co/papers/2401.01234', loadPage('arxiv-mirrors-huggingface.html'));
  assert.equal(found.site, 'arxiv-mirrors');
  assert.deepEqual(found.paper.ids, { arxiv: '2401.01234' });
  assert.equal(found.paper.url, 'https://arxiv.org/abs/2401.01234');
  assert.equal(found.paper.title, 'Mixture of Sparse Experts for Long Documents');
  assert.match(found.paper.abstract, /^We route each token/);
});

test('ar5iv reads LaTeXML and drops footnote marks from author names', () => {
  const found = detectPaper('https://ar5iv.labs.arxiv.org/html/1706.03762', loadPage('arxiv-mirrors-ar5iv.html'));
  assert.deepEqual(found.paper.ids, { arxiv: '1706.03762' });
  assert.equal(found.paper.title, 'Attention Is All You Need');
  assert.deepEqual(found.paper.authors, ['Ashish Vaswani', 'Noam Shazeer']);
});

test('alphaXiv and SciRate addresses give the id without a DOM', () => {
  assert.deepEqual(detectPaper('https://www.alphaxiv.org/abs/2401.01234v3').paper.ids, { arxiv: '2401.01234' });
  assert.equal(detectPaper('https://www.alphaxiv.org/abs/2401.01234v3').paper.version, 3);
  assert.deepEqual(detectPaper('https://scirate.com/arxiv/2401.01234').paper.ids, { arxiv: '2401.01234' });
});

test('other Hugging Face pages are not papers', () => {
  assert.equal(detectPaper('https://huggingface.co/papers'), null);
  assert.equal(detectPaper('https://huggingface.co/google/gemma-2b'), null);
});
