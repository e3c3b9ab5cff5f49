import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../extension/detectors/detect.js';
import { toSubmission } from '../../../extension/lib/submission.js';

test('the submission sends only identifying fields, without empty ones the API would refuse', () => {
  const { paper } = detectPaper('https://arxiv.org/pdf/2401.01234');
  assert.deepEqual(toSubmission(paper), { url: 'https://arxiv.org/abs/2401.01234', ids: { arxiv: '2401.01234' } });
  const full = toSubmission({ url: 'https://x.org/p', title: 'T', abstract: 'A', authors: ['B'], ids: { pmid: 12 }, version: 2, html: '<p>' });
  assert.deepEqual(full, { url: 'https://x.org/p', title: 'T', abstract: 'A', authors: ['B'], ids: { pmid: '12' }, version: 2 });
});
