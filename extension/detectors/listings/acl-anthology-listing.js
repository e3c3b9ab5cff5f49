// ACL Anthology volume and event pages: each paper a row (div.d-sm-flex, p.d-sm-flex on older
// pages) with its title linked to /<anthology id>/ in a <strong>, its authors linked to
// /people/, and its abstract in the collapsed card (div.abstract-collapse) right after the row.
// A volume's front matter (ids ending in .0 or -x000) is no paper.
import { cleanText } from '../page-meta.js';

export const SITE = 'acl-anthology-listing';
export const EXAMPLE_URLS = [
  'https://aclanthology.org/volumes/2023.acl-long/',
  'https://aclanthology.org/volumes/P18-1/',
  'https://aclanthology.org/events/acl-2023/',
  'https://aclanthology.org/events/emnlp-2018/',
];

const PATH = /^\/(volumes|events)\/[\w.-]+\/?$/;
const PAPER_LINK = /^\/(\d{4}\.[a-z\d]+-[a-z\d]+\.\d+|[A-Z]\d{2}-\d{4})\/$/;
const FRONT_MATTER = /(\.0|-\d000)$/;

export function matches(url) {
  return /^(www\.)?aclanthology\.org$/.test(url.hostname) && PATH.test(url.pathname);
}

export function extract(url, doc) {
  if (!doc) return [];
  return [...doc.querySelectorAll('.d-sm-flex')].map((row) => {
    const link = row.querySelector('strong a[href]');
    const id = PAPER_LINK.exec(link?.getAttribute('href') ?? '')?.[1];
    if (!id || FRONT_MATTER.test(id)) return null;
    const card = row.nextElementSibling?.classList.contains('abstract-collapse') ? row.nextElementSibling : null;
    return {
      url: `https://aclanthology.org/${id}/`,
      ids: { acl: id },
      title: cleanText(link.textContent),
      authors: [...row.querySelectorAll('a[href*="/people/"]')].map((a) => a.textContent),
      abstract: card?.querySelector('.card-body')?.textContent ?? '',
    };
  });
}
