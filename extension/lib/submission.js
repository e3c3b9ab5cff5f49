// The paper as the API's POST /api/v1/papers (and a saved item's "paper") accepts it: plain data
// in and out, no DOM, so the service worker can shape a detected paper without the detectors.

/** The paper as the API accepts it: empty fields left out (the API refuses a null version). */
export function toSubmission(paper) {
  const ids = Object.fromEntries(Object.entries(paper.ids ?? {}).filter(([, v]) => v).map(([k, v]) => [k, String(v)]));
  const fields = { url: paper.url, title: paper.title, abstract: paper.abstract, authors: paper.authors, ids, version: paper.version };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isEmpty(value)));
}

function isEmpty(value) {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
