// "My papers": the saved list with search, a tag filter, remove, open, export and import (import.js),
// plus recommendations drawn from the list when the server offers them.
import { MSG, send } from '../lib/messages.js';
import { fill, h, safeHref, shortAuthors } from '../lib/dom.js';
import { setUpImport } from './import.js';

const $ = (id) => document.getElementById(id);
const state = { items: [], page: 1, hasMore: false, tag: '' };

function banner(...children) {
  fill($('banner'), ...children);
  $('banner').hidden = children.length === 0;
}

// A list item (the API's ItemSchema): paper_id, tags, note, read, saved_at, and the paper's
// metadata under "paper" (null when the server no longer has it).
function view(item) {
  const paper = item.paper ?? {};
  return {
    paperId: item.paper_id,
    title: paper.title || item.paper_id,
    url: safeHref(paper.url),
    authors: paper.authors ?? [],
    tags: item.tags,
    note: item.note,
    savedAt: new Date(item.saved_at * 1000),
  };
}

async function loadPage(page) {
  const reply = await send(MSG.listSaved, { tag: state.tag, page });
  if (!reply.ok) {
    banner(reply.error.message);
    return false;
  }
  banner();
  if (reply.data.noAccount) banner('Nothing saved yet: save a paper from the popup, or paste your account key in Settings.');
  const { items } = reply.data;
  state.items = page === 1 ? items : state.items.concat(items);
  state.page = page;
  state.hasMore = Boolean(reply.data.pages && page < reply.data.pages);
  state.total = reply.data.total ?? state.items.length;
  return true;
}

function matchesSearch(entry, words) {
  const haystack = [entry.title, entry.authors.join(' '), entry.note, entry.tags.join(' ')].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

function render() {
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const entries = state.items.map(view).filter((e) => matchesSearch(e, words));
  fill($('items'), entries.map(itemNode));
  const total = state.total ?? state.items.length;
  fill($('count'), total === entries.length ? `${total} saved paper${total === 1 ? '' : 's'}` : `${entries.length} of ${total} shown`);
  $('load-more').hidden = !state.hasMore;
  renderTagOptions();
}

function itemNode(entry) {
  const remove = h('button', { type: 'button', 'aria-label': `Remove “${entry.title}”` }, 'Remove');
  remove.addEventListener('click', () => removeItem(entry, remove));
  return h('li', { 'data-paper-id': entry.paperId },
    entry.url ? h('a', { class: 'item-title', href: entry.url, target: '_blank', rel: 'noopener noreferrer' }, entry.title)
      : h('span', { class: 'item-title' }, entry.title),
    h('span', { class: 'item-actions' },
      entry.url ? h('a', { href: entry.url, target: '_blank', rel: 'noopener noreferrer' }, 'Open') : null,
      remove),
    h('span', { class: 'item-authors' }, shortAuthors(entry.authors)),
    h('span', { class: 'item-meta' }, entry.tags.map((tag) => h('span', { class: 'chip' }, tag)), `saved ${entry.savedAt.toLocaleDateString()}`),
    entry.note ? h('p', { class: 'item-note' }, entry.note) : null);
}

function renderTagOptions() {
  const select = $('tag-filter');
  const tags = new Set([...select.options].map((o) => o.value).filter(Boolean));
  for (const item of state.items) for (const tag of item.tags) tags.add(tag);
  const chosen = state.tag;
  fill(select, h('option', { value: '' }, 'All tags'), [...tags].sort().map((tag) => h('option', { value: tag }, tag)));
  select.value = chosen;
}

async function removeItem(entry, button) {
  button.disabled = true;
  const reply = await send(MSG.removeSaved, { paperId: entry.paperId });
  if (!reply.ok) {
    button.disabled = false;
    return banner(`Could not remove “${entry.title}”: ${reply.error.message}`);
  }
  state.items = state.items.filter((item) => view(item).paperId !== entry.paperId);
  render();
}

async function exportAs(format) {
  banner('Preparing the export…');  // a large list's file is written by a job on the server
  const reply = await send(MSG.exportList, { format });
  if (!reply.ok) return banner(`Export failed: ${reply.error.message}`);
  banner();
  const url = URL.createObjectURL(new Blob([reply.data.text], { type: reply.data.mime }));
  const link = h('a', { href: url, download: reply.data.filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const RECS_POLL_MS = 2000;

// "because" names the list's papers by id; show their titles when they are on the loaded pages.
function savedTitle(paperId) {
  const item = state.items.find((i) => view(i).paperId === paperId);
  return item ? view(item).title : paperId;
}

// Recommendations are computed in the background: 202 while queued or running, then done/failed.
async function loadRecommendations() {
  const reply = await send(MSG.listRecommendations);
  if (!reply.ok) {
    const text = reply.error.code === 'no_account' ? 'Save a few papers to get recommendations.' : reply.error.message;
    return fill($('recs-body'), h('p', { class: 'muted' }, text));
  }
  const recs = reply.data ?? {};
  const pending = recs.status === 'queued' || recs.status === 'running';
  if (pending) setTimeout(loadRecommendations, RECS_POLL_MS);
  const items = recs.items ?? [];
  const status = pending ? h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Finding papers like the ones in your list…')
    : recs.status === 'failed' ? h('p', { class: 'error-text' }, recs.error || 'Recommendations failed.') : null;
  if (!items.length && !pending) {
    return fill($('recs-body'), status, h('p', { class: 'muted' }, 'No recommendations yet; save a few more papers.'));
  }
  fill($('recs-body'), status, h('ol', { class: 'recs' }, items.map(recommendationNode)));
}

function recommendationNode(item) {
  const href = safeHref(item.url);
  const title = item.title || item.paper_id;
  const dismiss = h('button', { type: 'button', class: 'not-relevant', 'aria-label': `Not relevant: “${title}”` }, 'Not relevant');
  dismiss.addEventListener('click', async () => {
    dismiss.disabled = true;
    const reply = await send(MSG.markNotRelevant, { paperId: item.paper_id });
    if (reply.ok) dismiss.closest('li').remove();
    else banner(`Could not record that: ${reply.error.message}`);
  });
  return h('li', { 'data-paper-id': item.paper_id },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, title) : title, ' ', dismiss,
    item.because?.length ? h('span', { class: 'why' }, `Like: ${item.because.map(savedTitle).join('; ')}`) : null,
    item.why?.length ? h('span', { class: 'why' }, `Why: ${item.why.join('; ')}`) : null);
}

$('search').addEventListener('input', render);
$('tag-filter').addEventListener('change', async (event) => {
  state.tag = event.target.value;
  if (await loadPage(1)) render();
});
$('load-more').addEventListener('click', async () => {
  if (await loadPage(state.page + 1)) render();
});
for (const button of document.querySelectorAll('[data-format]')) {
  button.addEventListener('click', () => exportAs(button.dataset.format));
}
setUpImport({ input: $('import-file'), status: $('import-status'), onImported: async () => {
  if (await loadPage(1)) render();
} });

(async () => {
  if (await loadPage(1)) render();
  loadRecommendations();
})();
