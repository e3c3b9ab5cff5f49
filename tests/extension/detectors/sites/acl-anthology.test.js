import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('paper page: id, DOI, authors and the body abstract', () => {
  const found = detectPaper('https://aclanthology.org/2023.acl-long.1/', loadPage('acl-anthology-paper.html'));
  assert.equal(found.site, 'acl-anthology');
  assert.deepEqual(found.paper.ids, { acl: '2023.acl-long.1', doi: '10.18653/v1/2023.acl-long.1' });
  assert.deepEqual(found.paper.authors, ['María García', 'Min-jun Lee']);
  assert.match(found.paper.abstract, /^Small multilingual models/);
});

test('PDF and BibTeX addresses, old-style ids', () => {
  assert.deepEqual(detectPaper('https://aclanthology.org/2023.acl-long.1.pdf').paper.ids, { acl: '2023.acl-long.1' });
  assert.deepEqual(detectPaper('https://aclanthology.org/N19-1423.bib').paper.ids, { acl: 'N19-1423' });
  assert.equal(detectPaper('https://aclanthology.org/events/acl-2023/'), null);
});
