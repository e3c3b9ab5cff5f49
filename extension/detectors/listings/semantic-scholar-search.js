// Semantic Scholar search results (a single-page app: the popup reads the rendered page). Each
// result is a div.cl-paper-row whose link goes to /paper/<slug>/<40-hex paper id> around its
// h2.cl-paper-title; authors are .cl-paper-authors__author-link. The abstract is on the page
// only once a result is expanded (span.full-abstract); collapsed rows show Semantic
// Scholar's own TL;DR instead, which is not the authors' abstract and is not sent.
import { cleanText } from '../page-meta.js';

export const SITE = 'semantic-scholar-search';
export const EXAMPLE_URLS = [
  'https://www.semanticscholar.org/search?q=mixture%20of%20experts&sort=relevance',
  'https://www.semanticscholar.org/search?q=retrieval%20augmented%20generation',
];

const PAPER_PATH = /\/paper\/(?:[^/]+\/)?([0-9a-f]{40})$/;

export function matches(url) {
  return /^(www\.)?semanticscholar\.org$/.test(url.hostname) && url.pathname === '/search' && url.searchParams.has('q');
}

export function extract(url, doc) {
  if (!doc) return [];
  return [...doc.querySelectorAll('.cl-paper-row')].map((row) => {
    const link = [...row.querySelectorAll('a[href*="/paper/"]')].find((a) => PAPER_PATH.test(pathOf(a)));
    if (!link) return null;
    const s2 = PAPER_PATH.exec(pathOf(link))[1];
    const full = row.querySelector('.full-abstract')?.cloneNode(true);
    full?.querySelectorAll('button').forEach((button) => button.remove());  // "Collapse"
    return {
      url: `https://www.semanticscholar.org/paper/${s2}`,
      ids: { s2 },
      title: cleanText(row.querySelector('.cl-paper-title')?.textContent || link.textContent),
      authors: [...row.querySelectorAll('.cl-paper-authors__author-link')].map((a) => a.textContent),
      abstract: full?.textContent ?? '',
    };
  });
}

function pathOf(link) {
  return (link.getAttribute('href') ?? '').split(/[?#]/)[0];
}
