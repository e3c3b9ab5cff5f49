// arXiv's listings (/list/<category>/new, /recent, /pastweek, a month), catch-up pages and
// search results. Listings are a <dl id="articles">: each paper a <dt> with its /abs/ link and a
// <dd> with title, authors and, on /new and /catchup, the abstract (p.mathjax). Search results
// are li.arxiv-result with the full abstract in span.abstract-full.
import { parseArxivId } from '../../lib/paper-id.js';
import { cleanText } from '../page-meta.js';

export const SITE = 'arxiv-listing';
export const EXAMPLE_URLS = [
  'https://arxiv.org/list/cs.CL/new',
  'https://arxiv.org/list/cs.CV/recent',
  'https://arxiv.org/list/cs.AI/2026-07',
  'https://arxiv.org/catchup/cs.CL/2026-07-01',
  'https://arxiv.org/search/?query=mixture+of+experts&searchtype=all',
  'https://arxiv.org/search/cs?query=retrieval&searchtype=title',
];

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const PATH = /^\/(list|catchup|search)(\/|$)/;

export function matches(url) {
  return HOSTS.has(url.hostname) && PATH.test(url.pathname);
}

export function extract(url, doc) {
  if (!doc) return [];
  return url.pathname.startsWith('/search') ? searchResults(doc) : listEntries(doc);
}

function listEntries(doc) {
  return [...doc.querySelectorAll('dl > dt')].map((dt) => {
    const arxiv = parseArxivId(dt.querySelector('a[href*="/abs/"]')?.getAttribute('href'));
    const dd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    if (!arxiv || !dd) return null;
    return paper(arxiv.id, {
      title: withoutDescriptor(dd.querySelector('.list-title')),
      authors: [...dd.querySelectorAll('.list-authors a')].map((a) => a.textContent),
      abstract: dd.querySelector('p.mathjax, p')?.textContent ?? '',
    });
  });
}

function searchResults(doc) {
  return [...doc.querySelectorAll('li.arxiv-result')].map((li) => {
    const arxiv = parseArxivId(li.querySelector('.list-title a[href*="/abs/"]')?.getAttribute('href'));
    if (!arxiv) return null;
    const full = li.querySelector('.abstract-full');
    full?.querySelector('a')?.remove();  // its "△ Less" toggle
    return paper(arxiv.id, {
      title: li.querySelector('p.title')?.textContent ?? '',
      authors: [...li.querySelectorAll('p.authors a')].map((a) => a.textContent),
      abstract: full?.textContent ?? '',
    });
  });
}

function paper(id, fields) {
  return { url: `https://arxiv.org/abs/${id}`, ids: { arxiv: id }, ...fields };
}

// "Title: Sparse Experts" -> "Sparse Experts": the label is a span.descriptor inside the div.
function withoutDescriptor(node) {
  if (!node) return '';
  const copy = node.cloneNode(true);
  copy.querySelector('.descriptor')?.remove();
  return cleanText(copy.textContent);
}
