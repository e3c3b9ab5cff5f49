import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper, toSubmission } from '../../../extension/detectors/detect.js';

test('non-web addresses and garbage are not papers', () => {
  assert.equal(detectPaper('chrome://extensions/'), null);
  assert.equal(detectPaper('file:///home/me/paper.pdf'), null);
  assert.equal(detectPaper('not a url'), null);
});

test('a parser that throws is skipped (the fallbacks still run) and reported once', () => {
  const broken = { SITE: 'broken', matches: () => true, extract: () => { throw new Error('markup changed'); } };
  const fallback = { SITE: 'fallback', matches: () => true, extract: (url) => ({ url: url.href, title: 'T', ids: {} }) };
  const warnings = [];
  const original = console.warn;
  console.warn = (...args) => warnings.push(args);
  try {
    assert.equal(detectPaper('https://a.example/1', null, [broken, fallback]).site, 'fallback');
    detectPaper('https://a.example/2', null, [broken, fallback]);
  } finally {
    console.warn = original;
  }
  assert.equal(warnings.length, 1);
});

test('the submission sends only identifying fields, without empty ones the API would refuse', () => {
  const { paper } = detectPaper('https://arxiv.org/pdf/2401.01234');
  assert.deepEqual(toSubmission(paper), { url: 'https://arxiv.org/abs/2401.01234', ids: { arxiv: '2401.01234' } });
  const full = toSubmission({ url: 'https://x.org/p', title: 'T', abstract: 'A', authors: ['B'], ids: { pmid: 12 }, version: 2, html: '<p>' });
  assert.deepEqual(full, { url: 'https://x.org/p', title: 'T', abstract: 'A', authors: ['B'], ids: { pmid: '12' }, version: 2 });
});
