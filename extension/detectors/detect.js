// Maps a page (its address and, when readable, its DOM) to the paper the API is asked about.
// Only identifying fields leave this module: address, ids, title, abstract, authors, version.
import { SITES } from './sites/index.js';
import { cleanText } from './page-meta.js';
import { parseArxivId } from '../lib/paper-id.js';

const MAX_ABSTRACT_CHARS = 5000;
const reported = new Set();

/**
 * The paper on a page, or null. `doc` may be null (PDF tabs, pages the extension may not read,
 * the service worker's address-only check); parsers that need the DOM then step aside.
 * Returns {site, paper}.
 */
export function detectPaper(href, doc = null, sites = SITES) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol)) return null;
  for (const site of sites) {
    const paper = tryParser(site, url, doc);
    if (paper) return { site: site.SITE, paper };
  }
  return null;
}

function tryParser(site, url, doc) {
  try {
    if (!site.matches(url)) return null;
    const found = site.extract(url, doc);
    return found ? normalisePaper(found) : null;
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
