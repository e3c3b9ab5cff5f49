// Which tab the popup is about, and the paper on it. The page's DOM is copied out with
// scripting.executeScript (allowed by activeTab for the tab the user clicked on) and parsed here,
// in the extension: nothing is injected that the page could see, and nothing of the page but the
// detected paper's identifying fields is ever sent to the server.
import { detectListing, detectPaper } from '../detectors/detect.js';

/** ?tab=<id> lets a test (or a link from another page) choose the tab; otherwise the active one. */
export async function targetTab() {
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  if (requested) return chrome.tabs.get(requested);
  const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
  return active;
}

/** What the tab shows: {listing: {site, papers}} for a listing page, {paper: {site, paper}}
 * for a paper, or null. A listing is looked for first: its page may carry a stray DOI. */
export async function readTabPage(tab) {
  if (!tab?.url) return null;
  const doc = await pageDocument(tab.id);
  const listing = detectListing(tab.url, doc);
  if (listing) return { listing };
  const paper = detectPaper(tab.url, doc);
  return paper ? { paper } : null;
}

// Runs in the page: returns its current (rendered) markup. Single-page apps such as Semantic
// Scholar only have their metadata after rendering, so the live DOM is read, not the source.
function copyPage() {
  return document.contentType === 'text/html' ? document.documentElement.outerHTML : null;
}

async function pageDocument(tabId) {
  try {
    const [frame] = await chrome.scripting.executeScript({ target: { tabId }, func: copyPage });
    return frame?.result ? new DOMParser().parseFromString(frame.result, 'text/html') : null;
  } catch {
    // PDF viewers, browser pages and pages we may not read: detect from the address alone.
    return null;
  }
}
