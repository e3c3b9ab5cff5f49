// arXiv itself: the abstract page (citation_* tags), the PDF (address only) and the HTML view
// (LaTeXML markup, which Zotero and PaperMemory do not recognise: translators#3325).
import { parseArxivId } from '../../lib/paper-id.js';
import { citationMeta, firstMeta } from '../page-meta.js';
import { readLatexml } from '../latexml.js';

export const SITE = 'arxiv';
export const EXAMPLE_URLS = [
  'https://arxiv.org/abs/1706.03762v7',
  'https://arxiv.org/pdf/1706.03762',
  'https://arxiv.org/pdf/math/0502036v2.pdf',
  'https://arxiv.org/html/2401.01234v2',
  'https://export.arxiv.org/abs/2401.01234',
];

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const PATH = /^\/(abs|pdf|html)\/(.+)$/;

export function matches(url) {
  return HOSTS.has(url.hostname) && PATH.test(url.pathname);
}

export function extract(url, doc) {
  const arxiv = parseArxivId(PATH.exec(url.pathname)[2].replace(/\.pdf$/, ''));
  if (!arxiv) return null;
  const fromPage = url.pathname.startsWith('/html/') ? readLatexml(doc) : citationMeta(doc);
  const doi = fromPage.doi || '';
  return {
    url: `https://arxiv.org/abs/${arxiv.id}`,
    ids: { arxiv: arxiv.id, ...(doi && { doi }) },
    version: arxiv.version ?? versionFromMeta(doc),
    title: fromPage.title,
    authors: fromPage.authors,
    abstract: fromPage.abstract,
  };
}

function versionFromMeta(doc) {
  const version = parseArxivId(firstMeta(doc, 'citation_arxiv_id'))?.version;
  return version ?? null;
}
