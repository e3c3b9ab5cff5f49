import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('a DOI in the address, with publisher suffixes removed, works without a DOM (PDF tabs)', () => {
  assert.deepEqual(detectPaper('https://onlinelibrary.wiley.com/doi/pdf/10.1002/anie.201915678').paper.ids, { doi: '10.1002/anie.201915678' });
  assert.deepEqual(detectPaper('https://www.frontiersin.org/articles/10.3389/fpsyg.2020.01234/full').paper.ids, { doi: '10.3389/fpsyg.2020.01234' });
  assert.deepEqual(detectPaper('https://doi.org/10.1038%2Fs41586-021-03819-2').paper.ids, { doi: '10.1038/s41586-021-03819-2' });
});

test('the one DOI a landing page names, with its Open Graph title', () => {
  const found = detectPaper('https://press.example.org/rivers', loadPage('doi-landing.html'));
  assert.equal(found.site, 'doi');
  assert.deepEqual(found.paper.ids, { doi: '10.5555/rivers.2021.17' });
  assert.equal(found.paper.title, 'Rivers of the Northern Plains');
  assert.equal(found.paper.abstract, 'A survey of seasonal flow across forty rivers.');
});

test('a page naming several DOIs is ambiguous and not guessed at', () => {
  assert.equal(detectPaper('https://blog.example.com/five-papers', loadPage('no-paper-blog.html')), null);
});
