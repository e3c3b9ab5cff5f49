import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusNote, distinctTerms, renderPaper, renderPart, trustNote } from '../../../extension/popup/render.js';
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

const LOADING = { state: 'loading', papers: 3200, expected: 15000, vectors: 1000 };

test('a list made while the corpus loads says so, with the count, instead of "No related papers found yet"', () => {
  openPopupPage();
  renderPart('related', { status: 'done', items: [], corpus: LOADING }, { onRefresh: () => {} });
  const body = document.getElementById('related-body');
  assert.doesNotMatch(body.textContent, /No related papers found yet/);
  assert.equal(body.querySelector('.corpus-note').textContent,
    'The corpus is still loading: 3,200 of ~15,000 papers. Related papers will improve as it loads.Refresh');

  renderPart('related', { status: 'done', items: [{ paper_id: 'arxiv:2401.00002', title: 'Near', source: 'local' }],
    corpus: { state: 'embedding', papers: 15000, expected: 15000, vectors: 6000 } });
  assert.match(document.querySelector('#related-body .corpus-note').textContent,
    /^Related papers will improve as the corpus loads: 6,000 of its 15,000 papers can be matched by meaning so far/);
  assert.equal(document.querySelectorAll('#related-body .related-list li').length, 1);
});

test('a full corpus adds no note; an empty list then says how large the corpus is', () => {
  assert.equal(corpusNote({ state: 'ready', papers: 16000, vectors: 16000, expected: null }, 10), null);
  assert.equal(corpusNote(undefined), null);
  assert.match(corpusNote({ state: 'off', papers: 4, vectors: 4 }, 1), /Harvesting arXiv is off on this server, so the corpus holds only the 4 papers/);
  assert.match(corpusNote({ state: 'failed', papers: 0, vectors: 0 }), /failed for now \(0 papers so far\); the server tries again/);
  openPopupPage();
  renderPart('related', { status: 'done', items: [], corpus: { state: 'ready', papers: 16000, vectors: 16000 } });
  assert.equal(document.querySelector('#related-body .muted').textContent, "No related papers found among the corpus's 16,000 papers.");
});

test('Refresh asks for a fresh list; while it is computed the old list stays, marked as updating', () => {
  openPopupPage();
  let refreshed = 0;
  renderPart('related', { status: 'done', items: [{ paper_id: 'arxiv:2401.00002', title: 'Near', source: 'local' }], corpus: LOADING },
    { onRefresh: () => { refreshed += 1; } });
  document.querySelector('#related-body button.refresh-related').click();
  assert.equal(refreshed, 1);

  renderPart('related', { status: 'queued', items: [{ paper_id: 'arxiv:2401.00002', title: 'Near', source: 'local' }], corpus: LOADING },
    { onRefresh: () => { refreshed += 1; } });
  const body = document.getElementById('related-body');
  assert.equal(body.querySelector('.status-line').textContent, 'Updating the related papers…');
  assert.deepEqual([...body.querySelectorAll('.related-title')].map((t) => t.textContent), ['Near']);
  assert.equal(body.querySelector('button.refresh-related'), null);
});

test('the paper says when its title and abstract are not a registry\'s record, and why', () => {
  assert.equal(trustNote({ paper_id: 'arxiv:1706.03762', verified: true, metadata_source: 'arxiv' }), null);
  assert.equal(trustNote({ paper_id: 'arxiv:1706.03762', title: 'Detected on the page' }), null);
  assert.equal(trustNote({ paper_id: 'arxiv:2401.99999', verified: false, verification: 'not_found' }),
    'Not verified: arXiv has no record of this id.');
  assert.equal(trustNote({ paper_id: 'doi:10.1/x', verified: false, metadata_source: 'submitter', verification: 'pending' }),
    'Provisional, as a reader sent it: Crossref or DataCite has not confirmed it yet.');
  assert.equal(trustNote({ paper_id: 'openreview:rJXMpikCZ', verified: false, verification: 'not_found' }),
    'Not verified: OpenReview has no record of this id.');
  assert.match(trustNote({ paper_id: 'url:0123456789abcdef', verified: false, verification: 'unconfirmed' }),
    /once two readers have sent the same/);
  openPopupPage();
  renderPaper({ paper_id: 'pmid:1', verified: false, metadata_source: 'yours', verification: 'pending', title: 'Mine' });
  assert.equal(document.getElementById('paper-trust').textContent, 'Your own copy, as you saved it; not verified yet.');
  assert.equal(document.getElementById('paper-trust').hidden, false);
  renderPaper({ paper_id: 'pmid:1', verified: true, metadata_source: 'pubmed', title: 'Real' });
  assert.equal(document.getElementById('paper-trust').hidden, true);
});
