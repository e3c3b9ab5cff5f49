import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPaper } from '../../../extension/detectors/detect.js';

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
