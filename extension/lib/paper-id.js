// Pure identifier parsing shared by the detection modules, the popup and the service worker.
// No DOM, no extension APIs: everything here takes and returns plain strings and objects.

const ARXIV_NEW = /(\d{4}\.\d{4,5})(?:v(\d+))?/;
// Old-style ids such as math/0502036 or hep-th/9901001v2 (PaperMemory#136 missed these in PDF URLs).
const ARXIV_OLD = /([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?/;
const DOI = /\b(10\.\d{4,9}\/[^\s"'<>]+)/;
// Suffixes that publisher and preprint servers append to a DOI in their addresses.
const DOI_TAIL = /(?:[.,;:)\]]|\.full|\.pdf|\.abstract|\.full-text|\/full|\/abstract|\/pdf)+$/i;

/** arXiv id and version inside any string (an address path, "arXiv:2401.01234v2", ...). */
export function parseArxivId(text) {
  if (!text) return null;
  const match = ARXIV_NEW.exec(text) || ARXIV_OLD.exec(text);
  if (!match) return null;
  return { id: match[1], version: match[2] ? Number(match[2]) : null };
}

/** The first DOI in a string, without the trailing punctuation or viewer suffixes. */
export function findDoi(text) {
  if (!text) return null;
  const match = DOI.exec(safeDecode(text));
  if (!match) return null;
  let doi = match[1].split(/[?#]/)[0];
  let previous;
  do {
    previous = doi;
    doi = doi.replace(DOI_TAIL, '');
  } while (doi !== previous);
  return doi || null;
}

/** Every distinct DOI in a text, in order of appearance (case-insensitive, as DOIs are). */
export function findAllDois(text) {
  const seen = new Map();
  for (const match of (text || '').matchAll(new RegExp(DOI.source, 'g'))) {
    const doi = findDoi(match[1]);
    if (doi && !seen.has(doi.toLowerCase())) seen.set(doi.toLowerCase(), doi);
  }
  return [...seen.values()];
}

/**
 * What a researcher pasted into the popup ("2401.01234", "arXiv:2401.01234v2", a DOI, an arXiv
 * or doi.org address) as a paper the API accepts, or null when it is neither an arXiv id nor a DOI.
 */
export function paperFromUserInput(input) {
  const text = (input || '').trim();
  if (!text) return null;
  const doi = findDoi(text);
  if (doi && !/arxiv\.org\/(abs|pdf|html)\//i.test(text)) {
    return { url: `https://doi.org/${doi}`, ids: { doi }, title: '', authors: [] };
  }
  const looksArxiv = /^(arxiv:)?[\w.\-/]+$/i.test(text) || /arxiv\.org\//i.test(text);
  const arxiv = looksArxiv ? parseArxivId(text) : null;
  if (!arxiv) return null;
  return {
    url: `https://arxiv.org/abs/${arxiv.id}`,
    ids: { arxiv: arxiv.id },
    version: arxiv.version,
    title: '',
    authors: [],
  };
}

// The order in which one identifier is preferred over another as the paper's key; it mirrors
// the server's choice so that the toolbar badge can ask about a page before the API has seen it.
export const KEY_ORDER = ['arxiv', 'doi', 'openreview', 'acl', 'pmid', 's2'];

/** The key the server files this paper under, when the ids alone decide it. */
export function paperKey(ids) {
  for (const kind of KEY_ORDER) {
    if (ids?.[kind]) return `${kind}:${kind === 'doi' ? ids[kind].toLowerCase() : ids[kind]}`;
  }
  return null;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
