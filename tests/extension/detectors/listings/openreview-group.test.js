import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('OpenReview venue page: each note gives its forum id, title, authors and abstract', () => {
  const found = detectListing('https://openreview.net/group?id=ICLR.cc/2020/Conference', loadPage('openreview-group-venue.html'));
  assert.equal(found.site, 'openreview-group');
  assert.deepEqual(found.papers.map((p) => p.ids.openreview), ['rJlnfaNYvB', 'rJVoEiCqKQ', 'rkldVXKU8H']);
  const [first] = found.papers;
  assert.equal(first.url, 'https://openreview.net/forum?id=rJlnfaNYvB');
  assert.equal(first.title, 'Adaptive Loss Scaling for Mixed Precision Training');
  assert.deepEqual(first.authors, ['Ada Example', 'Ben Sample']);
  assert.match(first.abstract, /^Mixed precision training \(MPT\) is becoming a practical technique/);
});

test('a reply listed on a group page is no paper; a forum page is no listing', () => {
  const doc = loadPage('openreview-group-venue.html');
  doc.querySelector('.note h4 a').setAttribute('href', '/forum?id=rJlnfaNYvB&noteId=Sk1reply');
  assert.equal(detectListing('https://openreview.net/group?id=ICLR.cc/2020/Conference', doc).papers.length, 2);
  assert.equal(detectListing('https://openreview.net/forum?id=rJlnfaNYvB', doc), null);
});
