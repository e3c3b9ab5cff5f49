// bioRxiv and medRxiv: /content/10.1101/<suffix>v<N> with optional .full, .abstract, .full.pdf.
// The DOI comes from the address, the rest from the Highwire citation_* tags.
import { citationMeta, firstMeta, firstText } from '../page-meta.js';

export const SITE = 'biorxiv';
export const EXAMPLE_URLS = [
  'https://www.biorxiv.org/content/10.1101/2023.06.13.544854v1',
  'https://www.biorxiv.org/content/10.1101/2023.06.13.544854v2.full.pdf',
  'https://www.medrxiv.org/content/10.1101/2020.04.14.20062463v2.full',
  'https://www.biorxiv.org/content/10.1101/867036v1.abstract',
];

const PATH = /^\/content\/(10\.1101\/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+)(?:v(\d+))?/;

export function matches(url) {
  return /^(www\.|connect\.)?(bio|med)rxiv\.org$/.test(url.hostname) && PATH.test(url.pathname);
}

export function extract(url, doc) {
  const [, doi, version] = PATH.exec(url.pathname);
  const meta = citationMeta(doc);
  return {
    url: `https://${url.hostname}/content/${doi}v${version || 1}`,
    ids: { doi },
    version: version ? Number(version) : null,
    title: meta.title,
    authors: meta.authors,
    abstract: meta.abstract || firstMeta(doc, 'DC.Description') || firstText(doc, '#abstract-1 p', '.abstract p'),
  };
}
