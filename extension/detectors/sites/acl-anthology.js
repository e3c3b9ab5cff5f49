// ACL Anthology: /<anthology id>/ pages carry citation_* tags, but the abstract only appears in
// the body (.acl-abstract). PDF and BibTeX addresses map to the same id.
import { citationMeta, firstText } from '../page-meta.js';

export const SITE = 'acl-anthology';
export const EXAMPLE_URLS = [
  'https://aclanthology.org/2023.acl-long.1/',
  'https://aclanthology.org/2023.acl-long.1.pdf',
  'https://aclanthology.org/P19-1001/',
  'https://aclanthology.org/N19-1423.bib',
];

const ANTHOLOGY_ID = /^\/(\d{4}\.[a-z\d]+-[a-z\d]+\.\d+|[A-Z]\d{2}-\d{4})(?:\.pdf|\.bib|\/)?$/;

export function matches(url) {
  return /^(www\.)?aclanthology\.org$/.test(url.hostname) && ANTHOLOGY_ID.test(url.pathname);
}

export function extract(url, doc) {
  const id = ANTHOLOGY_ID.exec(url.pathname)[1];
  const meta = citationMeta(doc);
  return {
    url: `https://aclanthology.org/${id}/`,
    ids: { acl: id, ...(meta.doi && { doi: meta.doi }) },
    title: meta.title,
    authors: meta.authors,
    abstract: firstText(doc, '.acl-abstract span', '.acl-abstract') || meta.abstract,
  };
}

