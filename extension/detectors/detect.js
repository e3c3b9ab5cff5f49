// Maps a page (its address and, when readable, its DOM) to the paper the API is asked about.
// Only identifying fields leave this module: address, ids, title, abstract, authors, version.
import { SITES } from './sites/index.js';
import { LISTINGS } from './listings/index.js';
import { cleanText } from './page-meta.js';
import { parseArxivId } from '../lib/paper-id.js';

const MAX_ABSTRACT_CHARS = 5000;
// The popup shows at most this many of a listing's papers (the batch API takes 100 at once).
export const MAX_LISTING_PAPERS = 100;
const reported = new Set();

/**
 * The paper on a page, or null. `doc` may be null (PDF tabs, pages the extension may not read,
 * the service worker's address-only check); parsers that need the DOM then step aside.
 * Returns {site, paper}.
 */
export function detectPaper(href, doc = null, sites = SITES) {
  const url = parseHttpUrl(href);
  if (!url) return null;
  for (const site of sites) {
    const paper = tryParser(site, url, doc);
    if (paper) return { site: site.SITE, paper };
  }
  return null;
}

/**
 * The papers on a listing page (a day's papers, a category listing, search results), in page
 * order, without repeats, at most MAX_LISTING_PAPERS; null when the page is no listing or
 * shows no paper. Listings need the DOM. Returns {site, papers}.
 */
export function detectListing(href, doc, listings = LISTINGS) {
  const url = parseHttpUrl(href);
  if (!url || !doc) return null;
  for (const listing of listings) {
    const found = tryParser(listing, url, doc, (entries) => entries.filter(Boolean).map(normalisePaper));
    if (found?.length) return { site: listing.SITE, papers: distinct(found).slice(0, MAX_LISTING_PAPERS) };
  }
  return null;
}

function parseHttpUrl(href) {
  try {
    const url = new URL(href);
    return /^https?:$/.test(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

function distinct(papers) {
  const seen = new Set();
  return papers.filter((paper) => {
    const key = JSON.stringify(Object.entries(paper.ids).sort());
    if (Object.keys(paper.ids).length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tryParser(site, url, doc, normalise = (found) => normalisePaper(found)) {
  try {
    if (!site.matches(url)) return null;
    const found = site.extract(url, doc);
    return found ? normalise(found) : null;
  } catch (error) {
    // One broken parser must not hide the page from the fallbacks; say so once per site.
    if (!reported.has(site.SITE)) {
      reported.add(site.SITE);
      console.warn(`PaperGist: the ${site.SITE} parser failed`, error);
    }
    return null;
  }
}

function normalisePaper(found) {
  const ids = Object.fromEntries(Object.entries(found.ids ?? {}).filter(([, value]) => value));
  // arXiv's own DOIs (10.48550/arXiv.<id>) name an arXiv paper; the id keeps mirrors in one entry.
  const arxivDoi = /^10\.48550\/arxiv\.(.+)$/i.exec(ids.doi ?? '');
  if (arxivDoi && !ids.arxiv) ids.arxiv = parseArxivId(arxivDoi[1])?.id;
  return {
    url: found.url,
    title: cleanText(found.title),
    abstract: cleanText(found.abstract).slice(0, MAX_ABSTRACT_CHARS),
    authors: (found.authors ?? []).map(cleanText).filter(Boolean),
    ids,
    version: found.version ?? null,
  };
}
