import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { detectListing } from '../../../../extension/detectors/detect.js';
import { loadPage } from '../../helpers/pages.js';

test('arXiv /list/…/new: id, title without its label, authors and abstract of each entry', () => {
  const found = detectListing('https://arxiv.org/list/cs.CL/new', loadPage('arxiv-listing-new.html'));
  assert.equal(found.site, 'arxiv-listing');
  assert.equal(found.papers.length, 3);
  const [first] = found.papers;
  assert.deepEqual(first.ids, { arxiv: '2606.30775' });
  assert.equal(first.title, 'A Single Rewrite Suffices: Empirical Lessons from Production Skill Description Optimization');
  assert.equal(first.authors[0], 'Yangqiaoyu Zhou');
  assert.match(first.abstract, /^Enterprise AI agents route user queries/);
});

test('a listing without abstracts (/recent) still gives ids and titles', () => {
  const doc = loadPage('arxiv-listing-new.html');
  for (const p of doc.querySelectorAll('dd p')) p.remove();
  const found = detectListing('https://arxiv.org/list/cs.CL/recent', doc);
  assert.equal(found.papers.length, 3);
  assert.equal(found.papers[1].abstract, '');
});

// Search results as arxiv.org/search renders them (li.arxiv-result; the full abstract is hidden
// behind a "More" toggle in span.abstract-full).
const SEARCH = `<ol class="breathe-horizontal" start="1">
<li class="arxiv-result">
  <div class="is-marginless"><p class="list-title is-inline-block"><a href="https://arxiv.org/abs/2401.01234">arXiv:2401.01234</a>
    <span>&nbsp;[<a href="https://arxiv.org/pdf/2401.01234">pdf</a>]&nbsp;</span></p>
    <div class="tags is-inline-block"><span class="tag is-small is-link tooltip is-tooltip-top" data-tooltip="Computation and Language">cs.CL</span></div></div>
  <p class="title is-5 mathjax">Sparse <span class="search-hit mathjax">Mixture</span> of Experts</p>
  <p class="authors"><span class="has-text-black-bis has-text-weight-semibold">Authors:</span>
    <a href="/search/?searchtype=author&amp;query=Researcher%2C+J">Jane Researcher</a>, <a href="/search/?searchtype=author&amp;query=Kumar%2C+R">Ravi Kumar</a></p>
  <p class="abstract mathjax"><span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
    <span class="abstract-short has-text-grey-dark mathjax" id="2401.01234v1-abstract-short" style="display: inline;">We route tokens…</span>
    <span class="abstract-full has-text-grey-dark mathjax" id="2401.01234v1-abstract-full" style="display: none;">We route tokens to experts.
      <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('2401.01234v1-abstract-full').style.display = 'none';">&#9651; Less</a></span></p>
</li></ol>`;

test('arXiv search results: the full abstract, without its "Less" toggle', () => {
  const { document } = parseHTML(`<html><body>${SEARCH}</body></html>`);
  const found = detectListing('https://arxiv.org/search/?query=mixture&searchtype=all', document);
  assert.deepEqual(found.papers.map((p) => [p.ids.arxiv, p.title, p.abstract]), [
    ['2401.01234', 'Sparse Mixture of Experts', 'We route tokens to experts.']]);
  assert.deepEqual(found.papers[0].authors, ['Jane Researcher', 'Ravi Kumar']);
});

test('an abstract page is no listing', () => {
  assert.equal(detectListing('https://arxiv.org/abs/2401.01234', loadPage('arxiv-abs.html')), null);
});
