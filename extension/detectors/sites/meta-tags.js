// Generic fallback for any publisher page: Highwire citation_* tags, then Dublin Core, then PRISM.
// A page only counts as a paper when one of these scholarly vocabularies names a title; Open Graph
// alone describes every blog post, so it only fills in an abstract here.
import { findDoi, parseArxivId } from '../../lib/paper-id.js';
import { authorList, citationMeta, firstMeta, openGraph } from '../page-meta.js';

export const SITE = 'meta-tags';
export const EXAMPLE_URLS = [
  'https://www.nature.com/articles/s41586-021-03819-2',
  'https://dl.acm.org/doi/10.1145/3442188.3445922',
  'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0000001',
];

export function matches() {
  return true;
}

export function extract(url, doc) {
  if (!doc) return null;
  const citation = citationMeta(doc);
  const dublin = dublinCore(doc);
  const title = citation.title || dublin.title || firstMeta(doc, 'prism.title');
  if (!title) return null;
  const doi = citation.doi || dublin.doi || findDoi(firstMeta(doc, 'prism.doi')) || findDoi(url.pathname);
  const arxiv = parseArxivId(firstMeta(doc, 'citation_arxiv_id'));
  return {
    url: url.href,
    ids: { ...(doi && { doi }), ...(arxiv && { arxiv: arxiv.id }), ...pmid(doc) },
    title,
    authors: citation.authors.length ? citation.authors : dublin.authors,
    abstract: citation.abstract || dublin.abstract || openGraph(doc).description,
  };
}

function dublinCore(doc) {
  const identifiers = ['DC.identifier', 'dc.identifier', 'dcterms.identifier']
    .map((name) => firstMeta(doc, name))
    .join(' ');
  return {
    title: firstMeta(doc, 'DC.title', 'dcterms.title'),
    authors: authorList(doc, 'DC.creator', 'dcterms.creator', 'DC.contributor'),
    abstract: firstMeta(doc, 'DC.description', 'dcterms.abstract', 'dcterms.description'),
    doi: findDoi(identifiers),
  };
}

function pmid(doc) {
  const value = firstMeta(doc, 'citation_pmid');
  return /^\d+$/.test(value) ? { pmid: value } : {};
}
