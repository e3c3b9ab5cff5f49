// Hugging Face Daily Papers: the day's (week's, month's) papers with their abstracts. The page
// is rendered from JSON that it also carries, in the data-props of div[data-target=DailyPapers]
// ({dailyPapers: [{paper: {id, title, summary, authors: [{name}]}}]}); when that is missing (a
// newer page layout), the cards' links still give each paper's arXiv id and title.
import { parseArxivId } from '../../lib/paper-id.js';
import { cleanText } from '../page-meta.js';

export const SITE = 'huggingface-daily-papers';
export const EXAMPLE_URLS = [
  'https://huggingface.co/papers',
  'https://huggingface.co/papers/date/2026-07-01',
  'https://huggingface.co/papers/week/2026-W27',
  'https://huggingface.co/papers/month/2026-07',
  'https://huggingface.co/papers/trending',
];

const PATH = /^\/papers(\/(date\/\d{4}-\d{2}-\d{2}|week\/\d{4}-W\d{1,2}|month\/\d{4}-\d{2}|trending))?\/?$/;

export function matches(url) {
  return url.hostname === 'huggingface.co' && PATH.test(url.pathname);
}

export function extract(url, doc) {
  if (!doc) return [];
  const fromData = fromProps(doc);
  return fromData.length ? fromData : fromCards(doc);
}

function fromProps(doc) {
  const holder = doc.querySelector('[data-target="DailyPapers"][data-props]');
  let props;
  try {
    props = JSON.parse(holder?.getAttribute('data-props') ?? 'null');
  } catch {
    return [];
  }
  return (props?.dailyPapers ?? []).map((entry) => {
    const paper = entry?.paper ?? {};
    const arxiv = parseArxivId(String(paper.id ?? ''));
    if (!arxiv) return null;
    return {
      url: `https://arxiv.org/abs/${arxiv.id}`,
      ids: { arxiv: arxiv.id },
      title: paper.title ?? entry.title,
      abstract: paper.summary ?? '',
      authors: (paper.authors ?? []).map((author) => author?.name ?? '').filter(Boolean),
    };
  });
}

function fromCards(doc) {
  return [...doc.querySelectorAll('article h3 a[href^="/papers/"]')].map((link) => {
    const arxiv = parseArxivId(link.getAttribute('href'));
    return arxiv && { url: `https://arxiv.org/abs/${arxiv.id}`, ids: { arxiv: arxiv.id }, title: cleanText(link.textContent) };
  });
}
