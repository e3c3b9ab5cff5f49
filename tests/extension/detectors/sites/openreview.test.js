import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('forum page: abstract from the page data, not the TL;DR in the description', () => {
  const found = detectPaper('https://openreview.net/forum?id=YicbFdNTTy', loadPage('openreview-forum.html'));
  assert.equal(found.site, 'openreview');
  assert.deepEqual(found.paper.ids, { openreview: 'YicbFdNTTy' });
  assert.equal(found.paper.title, 'Sparse Experts Make Long Contexts Cheap');
  assert.deepEqual(found.paper.authors, ['Jane Q. Researcher', 'Ravi Kumar']);
  assert.match(found.paper.abstract, /^We study sparse mixtures/);
});

test('API v1 page data (plain values) and "a; b" author lists', () => {
  const found = detectPaper('https://openreview.net/forum?id=rJxXyz', loadPage('openreview-forum-v1.html'));
  assert.deepEqual(found.paper.authors, ['Ada Lovelace', 'Charles Babbage']);
  assert.equal(found.paper.abstract, 'We revisit an older benchmark and report what changed.');
});

test('pdf and attachment addresses map to the forum id; other pages do not', () => {
  const pdf = detectPaper('https://openreview.net/pdf?id=YicbFdNTTy');
  assert.deepEqual(pdf.paper.ids, { openreview: 'YicbFdNTTy' });
  assert.equal(pdf.paper.url, 'https://openreview.net/forum?id=YicbFdNTTy');
  assert.equal(detectPaper('https://openreview.net/group?id=ICLR.cc/2024/Conference'), null);
});
