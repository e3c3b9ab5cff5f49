// Sites that show an arXiv paper under its arXiv id: alphaXiv, ar5iv (LaTeXML), Hugging Face
// Papers and SciRate. All map to the same arXiv key, so a summary made for one serves them all.
import { parseArxivId } from '../../lib/paper-id.js';
import { cleanText, firstText, openGraph } from '../page-meta.js';
import { readLatexml } from '../latexml.js';

export const SITE = 'arxiv-mirrors';
export const EXAMPLE_URLS = [
  'https://www.alphaxiv.org/abs/2401.01234',
  'https://alphaxiv.org/overview/2401.01234v2',
  'https://ar5iv.labs.arxiv.org/html/1706.03762',
  'https://ar5iv.org/abs/1706.03762',
  'https://huggingface.co/papers/2401.01234',
  'https://scirate.com/arxiv/2401.01234',
];

const MIRRORS = [
  { host: /^(www\.)?alphaxiv\.org$/, path: /^\/(abs|pdf|overview)\/(.+)$/ },
  { host: /^ar5iv(\.labs)?\.(arxiv\.)?org$/, path: /^\/(html|abs)\/(.+)$/ },
  { host: /^huggingface\.co$/, path: /^\/(papers)\/(\d{4}\.\d{4,5}.*)$/ },
  { host: /^(www\.)?scirate\.com$/, path: /^\/(arxiv)\/(.+)$/ },
];

function mirrorFor(url) {
  return MIRRORS.find((m) => m.host.test(url.hostname) && m.path.test(url.pathname));
}

export function matches(url) {
  return Boolean(mirrorFor(url));
}

export function extract(url, doc) {
  const mirror = mirrorFor(url);
  const arxiv = parseArxivId(mirror.path.exec(url.pathname)[2]);
  if (!arxiv) return null;
  const page = url.hostname.startsWith('ar5iv') ? readLatexml(doc) : readMirrorPage(doc);
  return {
    url: `https://arxiv.org/abs/${arxiv.id}`,
    ids: { arxiv: arxiv.id },
    version: arxiv.version,
    ...page,
  };
}

// Hugging Face and alphaXiv render an <h1> title and an "Abstract" heading followed by its text;
// Open Graph fills in when the page is still rendering.
function readMirrorPage(doc) {
  if (!doc) return {};
  const og = openGraph(doc);
  return {
    title: firstText(doc, 'main h1', 'h1') || og.title.replace(/^Paper page - /, ''),
    abstract: textAfterHeading(doc, /^abstract$/i) || og.description,
    authors: [],
  };
}

function textAfterHeading(doc, pattern) {
  const heading = [...doc.querySelectorAll('h2, h3')].find((h) => pattern.test(cleanText(h.textContent)));
  return cleanText(heading?.nextElementSibling?.textContent);
}
