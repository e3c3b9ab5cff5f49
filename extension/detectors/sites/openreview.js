// OpenReview: forum, pdf and attachment addresses carry the note id in ?id=. The forum page has
// citation_* tags; its meta description may be the TL;DR rather than the abstract, so the abstract
// is read from the Next.js page data first (API v2 nests each field in {value}).
import { citationMeta, firstMeta, scriptJson } from '../page-meta.js';

export const SITE = 'openreview';
export const EXAMPLE_URLS = [
  'https://openreview.net/forum?id=YicbFdNTTy',
  'https://openreview.net/pdf?id=YicbFdNTTy',
  'https://openreview.net/attachment?id=YicbFdNTTy&name=supplementary_material',
];

const HOSTS = new Set(['openreview.net', 'www.openreview.net']);
const PATHS = new Set(['/forum', '/pdf', '/attachment']);

export function matches(url) {
  return HOSTS.has(url.hostname) && PATHS.has(url.pathname) && /^[\w-]+$/.test(url.searchParams.get('id') || '');
}

export function extract(url, doc) {
  const id = url.searchParams.get('id');
  const note = forumNoteContent(doc);
  const meta = citationMeta(doc);
  return {
    url: `https://openreview.net/forum?id=${id}`,
    ids: { openreview: id },
    title: meta.title || fieldValue(note.title),
    authors: meta.authors.length ? meta.authors : [].concat(fieldValue(note.authors) || []),
    abstract: fieldValue(note.abstract) || meta.abstract || firstMeta(doc, 'description'),
  };
}

function forumNoteContent(doc) {
  const data = scriptJson(doc, 'script#__NEXT_DATA__');
  return data?.props?.pageProps?.forumNote?.content ?? {};
}

function fieldValue(field) {
  return field && typeof field === 'object' && 'value' in field ? field.value : field;
}
