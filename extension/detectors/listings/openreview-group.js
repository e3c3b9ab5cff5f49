// OpenReview venue and group pages (a conference's accepted papers, its submissions): one
// div.note per paper, as openreview-web's Note component renders it: an <h4> link to
// /forum?id=<note id>, div.note-authors, and under "Show details" the note's fields, each a
// strong.note-content-field label ("Abstract:") followed by its value.
import { cleanText } from '../page-meta.js';

export const SITE = 'openreview-group';
export const EXAMPLE_URLS = [
  'https://openreview.net/group?id=ICLR.cc/2024/Conference',
  'https://openreview.net/group?id=NeurIPS.cc/2023/Conference#tab-accept-oral',
  'https://openreview.net/submissions?venue=ICLR.cc/2024/Conference',
];

const HOSTS = new Set(['openreview.net', 'www.openreview.net']);

export function matches(url) {
  return HOSTS.has(url.hostname) && ['/group', '/submissions'].includes(url.pathname)
    && Boolean(url.searchParams.get('id') || url.searchParams.get('venue'));
}

export function extract(url, doc) {
  if (!doc) return [];
  return [...doc.querySelectorAll('.note')].map((note) => {
    const link = note.querySelector('h4 a[href*="forum?id="]');
    const params = new URLSearchParams((link?.getAttribute('href') ?? '').split('?')[1] ?? '');
    const id = params.get('id');
    // A reply's link names its forum and itself (noteId): only papers are listed here.
    if (!id || params.get('noteId') || !/^[\w-]+$/.test(id)) return null;
    return {
      url: `https://openreview.net/forum?id=${id}`,
      ids: { openreview: id },
      title: link.textContent,
      authors: [...note.querySelectorAll('.note-authors a')].map((a) => a.textContent),
      abstract: fieldValue(note, /^abstract:?$/i),
    };
  });
}

function fieldValue(note, label) {
  const field = [...note.querySelectorAll('.note-content-field')].find((f) => label.test(cleanText(f.textContent)));
  return field?.nextElementSibling?.textContent ?? '';
}
