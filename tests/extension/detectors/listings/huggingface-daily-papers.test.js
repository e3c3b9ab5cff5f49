import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

const URL = 'https://huggingface.co/papers/date/2026-07-01';

test('Daily Papers: every paper from the page data, in page order, with abstract and authors', () => {
  const found = detectListing(URL, loadPage('huggingface-daily-papers-date.html'));
  assert.equal(found.site, 'huggingface-daily-papers');
  assert.deepEqual(found.papers.map((p) => p.ids.arxiv), ['2606.30776', '2606.30974', '2606.31202']);
  const [first] = found.papers;
  assert.equal(first.url, 'https://arxiv.org/abs/2606.30776');
  assert.equal(first.title, 'Optimal Auctions for Constrained Buyers');
  assert.deepEqual(first.authors.slice(0, 2), ['Batya Berzack', 'Rotem Oshman']);
  assert.match(first.abstract, /^We study multi-unit multi-buyer auctions/);
});

test('without the page data, the cards give each paper id and title (the worker fills in the rest)', () => {
  const doc = loadPage('huggingface-daily-papers-date.html');
  doc.querySelector('[data-target="DailyPapers"]').removeAttribute('data-props');
  const found = detectListing(URL, doc);
  assert.equal(found.papers.length, 3);
  assert.equal(found.papers[0].title, 'Optimal Auctions for Constrained Buyers');
  assert.equal(found.papers[0].abstract, '');
});

test('a paper page and other Hugging Face pages are no listing', () => {
  const doc = loadPage('huggingface-daily-papers-date.html');
  assert.equal(detectListing('https://huggingface.co/papers/2606.30776', doc), null);
  assert.equal(detectListing('https://huggingface.co/models', doc), null);
  assert.equal(detectListing(URL, null), null);
});
