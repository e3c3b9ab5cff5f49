import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('ACL Anthology volume: the papers without the front matter, abstracts from their cards', () => {
  const found = detectListing('https://aclanthology.org/volumes/P18-1/', loadPage('acl-anthology-listing-volume.html'));
  assert.equal(found.site, 'acl-anthology-listing');
  assert.deepEqual(found.papers.map((p) => p.ids.acl), ['P18-1001', 'P18-1002', 'P18-1003']);
  const [first] = found.papers;
  assert.equal(first.url, 'https://aclanthology.org/P18-1001/');
  assert.equal(first.title, 'Probabilistic FastText for Multi-Sense Word Embeddings');
  assert.deepEqual(first.authors, ['Ada Example', 'Ben Sample']);
  assert.match(first.abstract, /^We introduce Probabilistic FastText/);
});

test('an event page reads the same rows; a paper page is no listing', () => {
  const doc = loadPage('acl-anthology-listing-volume.html');
  assert.equal(detectListing('https://aclanthology.org/events/acl-2018/', doc).papers.length, 3);
  assert.equal(detectListing('https://aclanthology.org/P18-1001/', doc), null);
});
