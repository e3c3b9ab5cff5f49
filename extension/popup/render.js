// Drawing the server's document into the popup. Everything from the server goes in as text.
import { fill, h, safeHref, shortAuthors } from '../lib/dom.js';

const WAITING = {
  summary: { queued: 'Queued for a summary…', running: 'Writing the summary…' },
  related: { queued: 'Queued to find related papers…', running: 'Finding related papers…' },
};
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
}

/** Draws one part (summary or related); onRetry is called when the reader asks to retry. */
export function renderPart(name, part, { onRetry, onSaveRelated } = {}) {
  document.getElementById(name).hidden = false;
  fill(document.getElementById(`${name}-engine`), part?.engine ? `by ${part.engine}` : '');
  const body = document.getElementById(`${name}-body`);
  const status = part?.status ?? 'queued';
  if (status === 'queued' || status === 'running') {
    return fill(body, h('p', { class: 'status-line' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), WAITING[name][status]));
  }
  if (status === 'failed') {
    return fill(body, h('p', { class: 'failed' },
      part.error || 'This part failed.',
      h('button', { type: 'button', class: 'retry', onclick: onRetry }, 'Retry')));
  }
  return fill(body, name === 'summary' ? summaryNodes(part) : relatedNodes(part, onSaveRelated));
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

function relatedNodes(related, onSaveRelated) {
  const items = related.items ?? [];
  if (!items.length) return [h('p', { class: 'muted' }, 'No related papers found yet.')];
  return [h('ol', { class: 'related-list' }, items.map((item) => relatedItem(item, onSaveRelated)))];
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
