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

test('a related paper says where it came from in words; its z-score stays in the tooltip', () => {
  openPopupPage();
  renderPart('related', { status: 'done', items: [
    { paper_id: 'arxiv:2401.00002', title: 'Local', source: 'local', score: 3.14159, why: ['experts'] },
    { paper_id: 'arxiv:2401.00003', title: 'Remote', source: 'semantic_scholar', score: null, why: [] },
  ] });
  const metas = [...document.querySelectorAll('#related-body .related-meta')];
  assert.deepEqual(metas.map((m) => m.textContent), ['from the PaperGist corpus', 'from Semantic Scholar']);
  assert.equal(metas[0].getAttribute('title'), '3.1 standard deviations more similar than the average paper');
  assert.equal(metas[1].getAttribute('title'), null);
});
