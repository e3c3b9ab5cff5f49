// PubMed search results: each an article.full-docsum with a.docsum-title linking to /<PMID>/
// (also its data-article-id) and span.docsum-authors.full-authors ("Nguyen T, Schmidt H.").
// Results show a snippet of the abstract (div.full-view-snippet), not the abstract, so none is
// sent: a snippet would make a summary of a fragment.
import { cleanText } from '../page-meta.js';

export const SITE = 'pubmed-search';
export const EXAMPLE_URLS = [
  'https://pubmed.ncbi.nlm.nih.gov/?term=sleep+exercise',
  'https://pubmed.ncbi.nlm.nih.gov/?term=crispr&page=2',
];

export function matches(url) {
  return url.hostname === 'pubmed.ncbi.nlm.nih.gov' && url.pathname === '/' && url.searchParams.has('term');
}

export function extract(url, doc) {
  if (!doc) return [];
  return [...doc.querySelectorAll('article.full-docsum')].map((article) => {
    const link = article.querySelector('a.docsum-title');
    const pmid = link?.getAttribute('data-article-id') || /^\/(\d+)\/?$/.exec(link?.getAttribute('href') ?? '')?.[1];
    if (!pmid || !/^\d+$/.test(pmid)) return null;
    return {
      url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
      ids: { pmid },
      title: cleanText(link.textContent),
      authors: cleanText(article.querySelector('.docsum-authors.full-authors')?.textContent)
        .replace(/\.$/, '').split(/,\s*/).filter(Boolean),
    };
  });
}
