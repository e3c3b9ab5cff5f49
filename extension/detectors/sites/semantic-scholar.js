// Semantic Scholar: a single-page app whose address ends in the 40-hex paperId. The rendered page
// carries a JSON-LD block (script.schema-data) describing the article, and citation_* tags.
import { findDoi } from '../../lib/paper-id.js';
import { citationMeta, cleanText, scriptJson } from '../page-meta.js';

export const SITE = 'semantic-scholar';
export const EXAMPLE_URLS = [
  'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
  'https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
];

const PAPER_PATH = /^\/paper\/(?:[^/]+\/)?([0-9a-f]{40})\/?$/;

export function matches(url) {
  return /^(www\.)?semanticscholar\.org$/.test(url.hostname) && PAPER_PATH.test(url.pathname);
}

export function extract(url, doc) {
  const s2 = PAPER_PATH.exec(url.pathname)[1];
  const article = findArticle(scriptJson(doc, 'script.schema-data')) ?? {};
  const meta = citationMeta(doc);
  const doi = findDoi([].concat(article.sameAs ?? []).join(' ')) || meta.doi;
  return {
    url: `https://www.semanticscholar.org/paper/${s2}`,
    ids: { s2, ...(doi && { doi }) },
    title: cleanText(article.name) || meta.title,
    authors: articleAuthors(article).length ? articleAuthors(article) : meta.authors,
    abstract: cleanText(article.abstract) || meta.abstract,
  };
}

// The article sits somewhere inside "@graph" (nested arrays in practice); search rather than
// hard-code a position that the site has changed before.
function findArticle(node) {
  if (!node || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findArticle(child);
      if (found) return found;
    }
    return null;
  }
  if (/ScholarlyArticle|Article/.test(node['@type'] ?? '') && node.name) return node;
  return findArticle(node['@graph']);
}

function articleAuthors(article) {
  return [].concat(article.author ?? []).map((a) => cleanText(a?.name ?? a)).filter(Boolean);
}
