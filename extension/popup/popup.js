// The popup: find the paper on the tab, ask the server about it, show progress until both parts
// are done, and fall back to the last kept result when the server cannot be reached.
import { MSG, send } from '../lib/messages.js';
import { h, timeAgo } from '../lib/dom.js';
import { paperFromUserInput } from '../lib/paper-id.js';
import { readTabPage, targetTab } from './tab-paper.js';
import { pausePolling, resumePolling, showListing, showListingSection } from './listing.js';
import { renderPaper, renderPart, showBanner } from './render.js';
import { renderCitePanel } from './cite.js';
import { renderSavePanel } from './save-panel.js';
import { saveRelated, showSavedRelated } from './save-related.js';

const POLL_STEPS_MS = [700, 1000, 1500, 2000, 3000];
const GIVE_UP_AFTER_MS = 5 * 60 * 1000;
const PENDING = new Set(['queued', 'running']);

let tabId = null;
let pollTimer = null;
let detectedPaper = null; // as read on the page: shown while the server has no title of its own

async function start() {
  const tab = await targetTab().catch(() => null);
  tabId = tab?.id ?? null;
  const detected = await readTabPage(tab).catch(() => null);
  document.getElementById('detecting').hidden = true;
  document.getElementById('main').setAttribute('aria-busy', 'false');
  if (detected?.listing) return showListing(detected.listing, { onOpen: (paper) => openFromListing(paper, detected.listing) });
  if (!detected) return showNoPaper();
  detectedPaper = detected.paper.paper;
  renderPaper(detected.paper.paper);
  await lookUp(detected.paper.paper);
}

// One paper of a listing, as on its own page (submitting it on its own moves its work to the
// front of the queue); "Back" returns to the listing as it was.
function openFromListing(paper, listing) {
  pausePolling();
  showListingSection(false);
  const back = document.getElementById('back-to-listing');
  back.textContent = `← All ${listing.papers.length} papers on this page`;
  back.hidden = false;
  back.onclick = () => {
    clearTimeout(pollTimer);
    for (const id of ['paper', 'summary', 'related', 'back-to-listing']) document.getElementById(id).hidden = true;
    showBanner();
    showListingSection(true);
    resumePolling();
  };
  detectedPaper = paper;
  renderPaper(paper);
  lookUp(paper);
  window.scrollTo(0, 0);
}

async function lookUp(paper) {
  showBanner();
  const reply = await send(MSG.lookupPaper, { paper });
  if (!reply.ok) return showLookupFailure(reply.error, paper);
  const { document: doc } = reply.data;
  showDocument(doc);
  renderSavePanel(doc.paper_id, tabId);
  renderCitePanel(doc.paper_id);
  if (isPending(doc)) poll(doc.paper_id, '', Date.now(), 0);
}

function showDocument(doc) {
  // A page without a registry: until two readers agree the server shows no title, so the popup
  // keeps the one it read on this very page.
  const shown = doc.paper?.title || !detectedPaper?.title ? doc.paper
    : { ...doc.paper, title: detectedPaper.title, authors: detectedPaper.authors };
  renderPaper(shown);
  const retry = () => retryParts(doc.paper_id);
  renderPart('summary', doc.summary, { onRetry: retry });
  renderPart('related', doc.related, { onRetry: retry, onSaveRelated: saveRelated, onRefresh: () => refreshRelated(doc.paper_id) });
  showSavedRelated(document.getElementById('related-body'));
}

function isPending(doc) {
  return PENDING.has(doc.summary?.status) || PENDING.has(doc.related?.status);
}

// Polls with If-None-Match, slowing down gently; stops when both parts settle or after a while.
function poll(paperId, etag, startedAt, step) {
  clearTimeout(pollTimer);
  if (Date.now() - startedAt > GIVE_UP_AFTER_MS) {
    return showBanner('Still working on this paper; reopen PaperGist in a minute to see the result.');
  }
  pollTimer = setTimeout(async () => {
    const reply = await send(MSG.getPaper, { paperId, etag });
    const next = Math.min(step + 1, POLL_STEPS_MS.length - 1);
    if (!reply.ok) {
      // A restart or a Redis hiccup: say so, and keep asking until the give-up time.
      showBanner(`Lost contact with the server (${reply.error.message}); still trying…`);
      return poll(paperId, etag, startedAt, next);
    }
    showBanner();
    const { document: doc, etag: nextEtag } = reply.data;
    if (doc) showDocument(doc);
    if (!doc || isPending(doc)) poll(paperId, nextEtag, startedAt, next);
  }, POLL_STEPS_MS[step]);
}

async function retryParts(paperId) {
  const reply = await send(MSG.retryPaper, { paperId });
  if (!reply.ok) return showBanner(`Retry failed: ${reply.error.message}`);
  if (reply.data.document?.paper_id) showDocument(reply.data.document);
  poll(paperId, '', Date.now(), 0);
}

// The related list computed again from the corpus as it is now; the old one shows until then.
async function refreshRelated(paperId) {
  const reply = await send(MSG.refreshPaper, { paperId, parts: ['related'] });
  if (!reply.ok) return showBanner(`Refresh failed: ${reply.error.message}`);
  if (reply.data.document?.paper_id) showDocument(reply.data.document);
  poll(paperId, '', Date.now(), 0);
}

async function showLookupFailure(error, paper) {
  const kept = await send(MSG.recallResult, { ids: paper.ids });
  const again = h('button', { type: 'button', id: 'try-again', onclick: () => lookUp(paper) }, 'Try again');
  const keptNote = kept.ok && kept.data
    ? ` Showing the result kept from ${timeAgo(kept.data.receivedAt)}.`
    : ' No earlier result for this paper is kept on this device.';
  showBanner(h('strong', {}, error.code === 'unreachable' ? 'Server unreachable. ' : 'Lookup failed. '),
    error.message, keptNote, ' ', again);
  if (kept.ok && kept.data) showDocument(kept.data.document);
}

function showNoPaper() {
  document.getElementById('no-paper').hidden = false;
  const form = document.getElementById('manual-form');
  const input = document.getElementById('manual-id');
  input.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const paper = paperFromUserInput(input.value);
    const error = document.getElementById('manual-error');
    if (!paper) {
      error.textContent = `"${input.value.trim()}" is neither an arXiv id (like 2401.01234) nor a DOI (like 10.1145/3442188.3445922).`;
      return;
    }
    error.textContent = '';
    document.getElementById('no-paper').hidden = true;
    renderPaper(paper);
    lookUp(paper);
  });
}

start();
