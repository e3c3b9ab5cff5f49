// PubMed: the PMID is the address's only path segment. Title and DOI come from citation_* tags;
// the abstract only from the body (#abstract), the authors from .authors-list when the tags lack them.
import { citationMeta, cleanText, firstText } from '../page-meta.js';

export const SITE = 'pubmed';
export const EXAMPLE_URLS = [
  'https://pubmed.ncbi.nlm.nih.gov/31452104/',
  'https://pubmed.ncbi.nlm.nih.gov/31452104',
];

const PATH = /^\/(\d{1,9})\/?$/;

export function matches(url) {
  return url.hostname === 'pubmed.ncbi.nlm.nih.gov' && PATH.test(url.pathname);
}

export function extract(url, doc) {
  const pmid = PATH.exec(url.pathname)[1];
  const meta = citationMeta(doc);
  const doi = meta.doi;
  return {
    url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
    ids: { pmid, ...(doi && { doi }) },
    title: meta.title,
    authors: meta.authors.length ? meta.authors : bodyAuthors(doc),
    abstract: firstText(doc, '#eng-abstract', '#abstract .abstract-content', '#abstract'),
  };
}

function bodyAuthors(doc) {
  if (!doc) return [];
  const names = doc.querySelectorAll('.authors-list .authors-list-item .full-name');
  return [...new Set([...names].map((n) => cleanText(n.textContent)).filter(Boolean))];
}
