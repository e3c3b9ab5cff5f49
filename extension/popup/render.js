// Drawing the server's document into the popup. Everything from the server goes in as text.
import { fill, h, safeHref, shortAuthors } from '../lib/dom.js';

const WAITING = {
  summary: { queued: 'Queued for a summary…', running: 'Writing the summary…' },
  related: { queued: 'Queued to find related papers…', running: 'Finding related papers…' },
};
const UPDATING = 'Updating the related papers…';
const ID_LABELS = { arxiv: 'arXiv', doi: 'DOI', openreview: 'OpenReview', acl: 'ACL', pmid: 'PMID', s2: 'S2' };

export function renderPaper(paper) {
  document.getElementById('paper').hidden = false;
  const ids = Object.entries(paper.ids ?? {})
    .filter(([kind, value]) => value && ID_LABELS[kind])
    .map(([kind, value]) => `${ID_LABELS[kind]} ${value}${kind === 'arxiv' && paper.version ? `v${paper.version}` : ''}`);
  // A pasted id or a PDF tab has no title until the server has looked the paper up.
  fill(document.getElementById('paper-title'), paper.title || ids[0] || 'Title not known yet');
  fill(document.getElementById('paper-authors'), shortAuthors(paper.authors));
  fill(document.getElementById('paper-ids'), paper.title ? ids.join(' · ') : ids.slice(1).join(' · '));
  const trust = document.getElementById('paper-trust');
  const note = trustNote(paper);
  trust.hidden = !note;
  fill(trust, note ?? '');
}

const REGISTRY_NAMES = { arxiv: 'arXiv', doi: 'Crossref or DataCite', pmid: 'PubMed', openreview: 'OpenReview' };

/** Where the title and abstract shown come from, when that is not a registry's record (the
 * server's `verified`, `metadata_source`, `verification`); null for a verified one or a detected one. */
export function trustNote(paper) {
  if (paper.verified !== false) return null;
  const registry = REGISTRY_NAMES[String(paper.paper_id ?? '').split(':')[0]];
  if (paper.verification === 'not_found') return `Not verified: ${registry ?? 'the registry'} has no record of this id.`;
  if (paper.metadata_source === 'yours') return 'Your own copy, as you saved it; not verified yet.';
  if (paper.verification === 'unconfirmed') {
    return 'This page has no registry to check it against: its title and abstract show once two readers have sent the same.';
  }
  if (paper.metadata_source === 'submitter') return `Provisional, as a reader sent it: ${registry ?? 'the registry'} has not confirmed it yet.`;
  return null;
}

/** Draws one part (summary or related); onRetry is called when the reader asks to retry, onRefresh
 * when they ask for a fresh related list. */
export function renderPart(name, part, { onRetry, onSaveRelated, onRefresh } = {}) {
  document.getElementById(name).hidden = false;
  fill(document.getElementById(`${name}-engine`), part?.engine ? `by ${part.engine}` : '');
  const body = document.getElementById(`${name}-body`);
  const status = part?.status ?? 'queued';
  if (status === 'queued' || status === 'running') {
    // A list being computed again (the corpus grew, or Refresh) stays on show until the new one is in.
    const shown = name === 'related' && part?.items?.length;
    return fill(body, h('p', { class: 'status-line' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      shown ? UPDATING : WAITING[name][status]), shown ? relatedNodes(part, onSaveRelated) : null);
  }
  if (status === 'failed') {
    return fill(body, h('p', { class: 'failed' },
      part.error || 'This part failed.',
      h('button', { type: 'button', class: 'retry', onclick: onRetry }, 'Retry')));
  }
  return fill(body, name === 'summary' ? summaryNodes(part) : relatedNodes(part, onSaveRelated, onRefresh));
}

function summaryNodes(summary) {
  const nodes = [h('p', { class: 'tldr' }, summary.tldr || 'No TL;DR was written for this paper.')];
  const points = summary.key_points ?? [];
  if (points.length) {
    nodes.push(h('ul', { class: 'key-points' }, points.map((point) => h('li', {},
      point.role && point.role !== 'other' ? h('span', { class: 'role' }, `${capitalise(point.role)}: `) : null,
      point.text))));
  }
  if (summary.keywords?.length) {
    nodes.push(h('p', { class: 'keywords', 'aria-label': 'Keywords' }, summary.keywords.map((k) => h('span', { class: 'chip' }, k))));
  }
  if (summary.notice) nodes.push(h('p', { class: 'notice' }, summary.notice));
  return nodes;
}

function relatedNodes(related, onSaveRelated, onRefresh) {
  const items = related.items ?? [];
  const note = corpusNote(related.corpus, items.length);
  const list = items.length
    ? h('ol', { class: 'related-list' }, items.map((item) => relatedItem(item, onSaveRelated)))
    : h('p', { class: 'muted' }, note ? 'No related papers yet.' : emptyNote(related.corpus));
  const refresh = onRefresh
    ? h('button', { type: 'button', class: 'refresh-related', onclick: onRefresh, title: 'Compute this list again from the corpus as it is now' }, 'Refresh')
    : null;
  return [list, note || refresh ? h('p', { class: 'corpus-note' }, note, refresh) : null];
}

const count = (n) => Number(n ?? 0).toLocaleString('en-US');

/** Why a related list is short or empty, from the corpus it was computed from (null: no reason to say). */
export function corpusNote(corpus, shown = 0) {
  if (!corpus) return null;
  const { state, papers, expected, vectors } = corpus;
  if (state === 'loading') {
    const progress = expected ? `${count(papers)} of ~${count(expected)} papers` : `${count(papers)} papers so far`;
    return `The corpus is still loading: ${progress}. Related papers will improve as it loads.`;
  }
  if (state === 'embedding') {
    return `Related papers will improve as the corpus loads: ${count(vectors)} of its ${count(papers)} papers can be matched by meaning so far, the rest by their words.`;
  }
  if (state === 'failed') {
    return `Loading the corpus from arXiv failed for now (${count(papers)} papers so far); the server tries again by itself.`;
  }
  if (state === 'off' && shown < 3) {
    return `Harvesting arXiv is off on this server, so the corpus holds only the ${count(papers)} papers submitted or loaded here.`;
  }
  return null;
}

function emptyNote(corpus) {
  return corpus ? `No related papers found among the corpus's ${count(corpus.papers)} papers.` : 'No related papers found yet.';
}

const SOURCE_NAMES = { local: 'the PaperGist corpus', semantic_scholar: 'Semantic Scholar' };

/** "Ling et al. · 2017 · cs.CL": what a reader judges an item by, each part only where known. */
export function byline(item) {
  const authors = item.authors ?? [];
  const count = Math.max(item.author_count ?? 0, authors.length);
  const who = authors.length ? `${authors[0]}${count > 1 ? ' et al.' : ''}` : '';
  return [who, item.year ? String(item.year) : '', item.venue ?? ''].filter(Boolean).join(' · ');
}

function relatedItem(item, onSaveRelated) {
  const href = safeHref(item.url);
  const title = item.title || item.paper_id;
  const meta = item.source ? `from ${SOURCE_NAMES[item.source] ?? item.source}` : '';
  const why = distinctTerms(item.why ?? []);
  const by = byline(item);
  const save = h('button', { type: 'button', class: 'save-related', 'aria-label': `Save “${title}”` }, 'Save');
  save.addEventListener('click', () => onSaveRelated?.(item, save));
  return h('li', { 'data-paper-id': item.paper_id },
    href ? h('a', { class: 'related-title', href, target: '_blank', rel: 'noopener noreferrer' }, title)
      : h('span', { class: 'related-title' }, title),
    save,
    by ? h('span', { class: 'related-byline' }, by) : null,
    item.relevance ? h('span', { class: `relevance relevance-${item.relevance.replace(/\s+/g, '-')}` }, capitalise(item.relevance)) : null,
    why.length ? h('span', { class: 'related-why' }, `Why: ${why.join('; ')}`) : null,
    meta ? h('span', { class: 'related-meta' }, meta) : null);
}

/** Drops a term already inside a longer one ("long" next to "long document"), keeping order. */
export function distinctTerms(terms) {
  const words = (term) => ` ${String(term).toLowerCase()} `;
  return terms.filter((term, i) => !terms.some((other, j) => j !== i && other !== term && words(other).includes(words(term))));
}

function capitalise(text) {
  return String(text).charAt(0).toUpperCase() + String(text).slice(1);
}

/** The banner above the paper: unreachable server, stale result, a failed save... */
export function showBanner(...children) {
  const banner = document.getElementById('banner');
  fill(banner, ...children);
  banner.hidden = children.length === 0;
}
