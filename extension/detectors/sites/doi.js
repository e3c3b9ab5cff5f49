// Last resort: a DOI in the address (doi.org, /doi/10.x/... publisher paths, PDF tabs) or, when the
// page names exactly one distinct DOI, that one. Pages that cite many DOIs (reference lists) are
// ambiguous and not guessed at.
import { findAllDois, findDoi } from '../../lib/paper-id.js';
import { cleanText, firstMeta, openGraph } from '../page-meta.js';

export const SITE = 'doi';
export const EXAMPLE_URLS = [
  'https://doi.org/10.1038/s41586-021-03819-2',
  'https://onlinelibrary.wiley.com/doi/pdf/10.1002/anie.201915678',
  'https://www.frontiersin.org/articles/10.3389/fpsyg.2020.01234/full',
];

export function matches() {
  return true;
}

export function extract(url, doc) {
  const doi = findDoi(url.pathname + url.search) || onlyDoiInPage(doc);
  if (!doi) return null;
  const og = openGraph(doc);
  return {
    url: url.href,
    ids: { doi },
    title: og.title || cleanText(doc?.title),
    authors: [],
    abstract: og.description || firstMeta(doc, 'description'),
  };
}

function onlyDoiInPage(doc) {
  if (!doc?.body) return null;
  const links = [...doc.querySelectorAll('a[href*="doi.org/10."]')].map((a) => a.getAttribute('href'));
  const dois = findAllDois([...links, doc.body.textContent].join(' '));
  return dois.length === 1 ? dois[0] : null;
}
