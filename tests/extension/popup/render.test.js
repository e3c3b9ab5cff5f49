import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctTerms, renderPart } from '../../../extension/popup/render.js';
import { openPopupPage } from '../helpers/popup-page.js';

test('"why" terms already inside a longer shared term are dropped, order kept', () => {
  assert.deepEqual(
    distinctTerms(['summarization', 'long', 'long document', 'document summarization', 'document']),
    ['long document', 'document summarization'],
  );
  assert.deepEqual(distinctTerms(['experts', 'sparse', 'routing']), ['experts', 'sparse', 'routing']);
  assert.deepEqual(distinctTerms(['model', 'model']), ['model', 'model']);
});

test('a related paper says where it came from, who wrote it, when, and how close it is, in words; no z-score', () => {
  openPopupPage();
  renderPart('related', { status: 'done', items: [
    { paper_id: 'arxiv:2401.00002', title: 'Local', source: 'local', score: 3.14159, why: ['experts'],
      relevance: 'very close', authors: ['Wang Ling', 'Dani Yogatama', 'Chris Dyer'], author_count: 4, year: 2017, venue: 'cs.CL' },
    { paper_id: 'arxiv:2401.00004', title: 'Alone', source: 'local', score: 1.5, why: [],
      relevance: 'related', authors: ['Ada Lovelace'], author_count: 1, year: null, venue: null },
    { paper_id: 'arxiv:2401.00003', title: 'Remote', source: 'semantic_scholar', score: null, why: [] },
  ] });
  const items = [...document.querySelectorAll('#related-body li')];
  const text = (li, cls) => li.querySelector(cls)?.textContent ?? null;
  assert.deepEqual(items.map((li) => text(li, '.related-meta')), ['from the PaperGist corpus', 'from the PaperGist corpus', 'from Semantic Scholar']);
  assert.deepEqual(items.map((li) => text(li, '.related-byline')), ['Wang Ling et al. · 2017 · cs.CL', 'Ada Lovelace', null]);
  assert.deepEqual(items.map((li) => text(li, '.relevance')), ['Very close', 'Related', null]);
  assert.equal(text(items[0], '.related-why'), 'Why: experts');
  assert.ok(!document.querySelector('#related-body').textContent.includes('3.1'));
  assert.ok(!document.querySelector('#related-body').innerHTML.includes('standard deviations'));
});
