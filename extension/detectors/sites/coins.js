// COinS: an OpenURL ContextObject in the title of <span class="Z3988">, used by library catalogues,
// Wikipedia citations and older publisher sites that have no citation_* tags.
import { findDoi, parseArxivId } from '../../lib/paper-id.js';
import { cleanText } from '../page-meta.js';

export const SITE = 'coins';
export const EXAMPLE_URLS = ['https://www.worldcat.org/title/123456'];

export function matches() {
  return true;
}

export function extract(url, doc) {
  const context = doc?.querySelector('span.Z3988[title]')?.getAttribute('title');
  if (!context) return null;
  const fields = new URLSearchParams(context);
  const title = cleanText(fields.get('rft.atitle') || fields.get('rft.title') || fields.get('rft.btitle'));
  if (!title) return null;
  return {
    url: url.href,
    ids: identifiers(fields.getAll('rft_id')),
    title,
    authors: authors(fields),
    abstract: '',
  };
}

function identifiers(rftIds) {
  const ids = {};
  for (const value of rftIds) {
    if (/^info:doi\//i.test(value)) ids.doi = findDoi(value);
    else if (/^info:pmid\//i.test(value)) ids.pmid = value.replace(/^info:pmid\//i, '');
    else if (/^info:arxiv\//i.test(value)) ids.arxiv = parseArxivId(value)?.id;
    else if (/doi\.org\//i.test(value)) ids.doi = findDoi(value);
  }
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v));
}

function authors(fields) {
  const listed = fields.getAll('rft.au').map(cleanText).filter(Boolean);
  if (listed.length) return listed;
  const first = [fields.get('rft.aufirst'), fields.get('rft.aulast')].map(cleanText).filter(Boolean).join(' ');
  return first ? [first] : [];
}
