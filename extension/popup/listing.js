// The popup on a listing page (a day's papers, a category listing, search results): every paper
// on it in page order, its TL;DR filling in as each is done, Save on each and Save all with tags;
// a click on a title opens that paper's own gist. Papers from earlier visits show at once from
// what the device kept, while the server is asked about the whole page in one request.
import { MSG, send } from '../lib/messages.js';
import { fill, h, shortAuthors } from '../lib/dom.js';
import { paperKey } from '../lib/paper-id.js';
import { showBanner } from './render.js';

const POLL_STEPS_MS = [500, 700, 1000, 1500, 2000, 3000];
const GIVE_UP_AFTER_MS = 5 * 60 * 1000;
const PENDING = new Set(['queued', 'running']);
const WAITING = { queued: 'Queued for a summary…', running: 'Writing the summary…' };

let rows = [];
let pollTimer = null;

/** Draws the listing and starts its work; onOpen(paper) opens one paper's gist. */
export async function showListing(listing, { onOpen }) {
  rows = listing.papers.map((paper) => ({ paper, paperId: paperKey(paper.ids), document: null, saved: false }));
  fill(document.getElementById('listing-heading'), `${rows.length} paper${rows.length === 1 ? '' : 's'} on this page`);
  fill(document.getElementById('listing-papers'), rows.map((row) => drawRow(row, onOpen)));
  document.getElementById('save-all-form').addEventListener('submit', saveAll);
  showListingSection(true);

  const kept = await send(MSG.recallResults, { paperIds: rows.map((row) => row.paperId).filter(Boolean) });
  if (kept.ok) rows.forEach((row) => kept.data[row.paperId] && showDocument(row, kept.data[row.paperId]));
  markSaved();

  const reply = await send(MSG.lookupListing, { papers: listing.papers });
  if (!reply.ok) {
    const keptNote = kept.ok && Object.keys(kept.data).length ? ' Showing the results kept on this device.' : '';
    return showBanner(h('strong', {}, 'Lookup failed. '), reply.error.message, keptNote);
  }
  const guessed = rows.map((row) => row.paperId).join(' ');
  reply.data.documents.forEach((doc, i) => (doc.error ? showEntryError(rows[i], doc.error) : showDocument(rows[i], doc)));
  if (rows.map((row) => row.paperId).join(' ') !== guessed) markSaved();  // the server keyed some papers otherwise
  poll('', [], Date.now(), 0);
}

export function showListingSection(shown) {
  document.getElementById('listing').hidden = !shown;
}

function drawRow(row, onOpen) {
  const { paper } = row;
  const title = paper.title || Object.values(paper.ids)[0];
  row.tldr = h('p', { class: 'listing-tldr pending' }, 'Looking this paper up…');
  row.save = h('button', { type: 'button', class: 'save-listed', 'aria-label': `Save “${title}”`, onclick: () => saveOne(row) }, 'Save');
  row.element = h('li', { 'data-paper-id': row.paperId ?? '' },
    h('button', { type: 'button', class: 'listing-title', title: 'Key points and related papers', onclick: () => onOpen(row.document?.paper ? { ...paper, ...row.document.paper } : paper) }, title),
    row.save,
    paper.authors?.length ? h('span', { class: 'listing-authors' }, shortAuthors(paper.authors)) : null,
    row.tldr);
  return row.element;
}

function showDocument(row, doc) {
  row.document = doc;
  row.paperId = doc.paper_id;
  row.element.dataset.paperId = doc.paper_id;
  const summary = doc.summary ?? {};
  if (summary.status === 'done') {
    row.tldr.className = 'listing-tldr';
    return fill(row.tldr, summary.tldr || 'No TL;DR was written for this paper.');
  }
  if (summary.status === 'failed') {
    row.tldr.className = 'listing-tldr failed';
    return fill(row.tldr, summary.error || 'The summary failed; open the paper to retry.');
  }
  row.tldr.className = 'listing-tldr pending';
  fill(row.tldr, h('span', { class: 'spinner', 'aria-hidden': 'true' }), WAITING[summary.status] ?? WAITING.queued);
}

function showEntryError(row, error) {
  row.tldr.className = 'listing-tldr failed';
  fill(row.tldr, error.message);
}

const isPending = (row) => row.document && (PENDING.has(row.document.summary?.status) || PENDING.has(row.document.related?.status));

// Polls the papers still being worked on, all in one request, with the answer's ETag while the
// same papers are asked about; stops when every one is done or after a while.
function poll(etag, askedBefore, startedAt, step) {
  clearTimeout(pollTimer);
  const pending = rows.filter(isPending);
  if (!pending.length) return;
  if (Date.now() - startedAt > GIVE_UP_AFTER_MS) {
    return showBanner('Still working on some of these papers; reopen PaperGist in a minute to see them.');
  }
  const paperIds = pending.map((row) => row.paperId);
  const sameAsked = JSON.stringify(paperIds) === JSON.stringify(askedBefore);
  pollTimer = setTimeout(async () => {
    const reply = await send(MSG.getPapers, { paperIds, etag: sameAsked ? etag : '' });
    const next = Math.min(step + 1, POLL_STEPS_MS.length - 1);
    if (!reply.ok) {
      showBanner(`Lost contact with the server (${reply.error.message}); still trying…`);
      return poll('', [], startedAt, next);
    }
    showBanner();
    reply.data.documents?.forEach((doc, i) => (doc.error ? showEntryError(pending[i], doc.error) : showDocument(pending[i], doc)));
    poll(reply.data.etag, paperIds, startedAt, next);
  }, POLL_STEPS_MS[step]);
}

/** Stops polling (the popup shows one paper now); resume() starts again. */
export function pausePolling() {
  clearTimeout(pollTimer);
}

export function resumePolling() {
  poll('', [], Date.now(), 0);
}

// Which of the page's papers the reader already saved: one request for all of them.
async function markSaved() {
  const reply = await send(MSG.getSavedAmong, { paperIds: rows.map((row) => row.paperId).filter(Boolean) });
  if (!reply.ok) return;
  const saved = new Set(reply.data.savedIds);
  rows.filter((row) => saved.has(row.paperId)).forEach(showSaved);
}

function showSaved(row) {
  row.saved = true;
  fill(row.save, 'Saved ✓');
  row.save.disabled = true;
}

async function saveOne(row) {
  row.save.disabled = true;
  fill(row.save, 'Saving…');
  const reply = await send(MSG.savePaper, { paperId: row.paperId, paper: row.paper });
  if (reply.ok) return showSaved(row);
  fill(row.save, 'Retry save');
  row.save.disabled = false;
  row.save.title = reply.error.message;
}

async function saveAll(event) {
  event.preventDefault();
  const button = document.getElementById('save-all');
  const status = document.getElementById('save-all-status');
  const unsaved = rows.filter((row) => !row.saved && row.paperId);
  if (!unsaved.length) return fill(status, 'Every paper on this page is saved.');
  button.disabled = true;
  unsaved.forEach((row) => { row.save.disabled = true; fill(row.save, 'Saving…'); });
  fill(status, `Saving ${unsaved.length} papers…`);
  const tags = document.getElementById('save-all-tags').value.split(',');
  const reply = await send(MSG.savePapers, { items: unsaved.map((row) => ({ paperId: row.paperId, paper: row.paper })), tags });
  button.disabled = false;
  if (!reply.ok) {
    unsaved.forEach((row) => { row.save.disabled = false; fill(row.save, 'Save'); });
    return fill(status, `Saving failed: ${reply.error.message}`);
  }
  const saved = new Set(reply.data.saved);
  for (const row of unsaved) {
    if (saved.has(row.paperId)) showSaved(row);
    else { row.save.disabled = false; fill(row.save, 'Retry save'); }
  }
  const failed = reply.data.failed.length ? `; ${reply.data.failed.length} failed (${reply.data.failed[0].message})` : '';
  fill(status, `Saved ${saved.size} paper${saved.size === 1 ? '' : 's'}${failed}.`);
}
