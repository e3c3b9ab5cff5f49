// Reading the metadata that publishers embed in a page's <head>: Highwire citation_* tags (Google
// Scholar's convention), Dublin Core, PRISM and Open Graph. Site parsers and the generic fallbacks
// share these helpers so that each convention is read in one place.

/** Whitespace collapsed and trimmed; '' for anything missing. */
export function cleanText(text) {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Every non-empty content of <meta name|property="name">, compared case-insensitively. */
export function metaValues(doc, name) {
  if (!doc) return [];
  const wanted = name.toLowerCase();
  const values = [];
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const key = (meta.getAttribute('name') || meta.getAttribute('property') || '').toLowerCase();
    const value = cleanText(meta.getAttribute('content'));
    if (key === wanted && value) values.push(value);
  }
  return values;
}

/** The first value among several names, tried in order. */
export function firstMeta(doc, ...names) {
  for (const name of names) {
    const [value] = metaValues(doc, name);
    if (value) return value;
  }
  return '';
}

/** Text of the first element matching any selector, tried in order. */
export function firstText(doc, ...selectors) {
  if (!doc) return '';
  for (const selector of selectors) {
    const node = doc.querySelector(selector);
    const text = node ? readableText(node) : '';
    if (text) return text;
  }
  return '';
}

// textContent runs paragraphs together ("sleep.Results"); join them with a space instead.
function readableText(node) {
  const paragraphs = [...node.querySelectorAll('p')];
  const parts = paragraphs.length > 1 ? paragraphs.map((p) => p.textContent) : [node.textContent];
  return cleanText(parts.join(' '));
}

/** "Vaswani, Ashish" -> "Ashish Vaswani"; names without exactly one comma stay as written. */
export function displayName(name) {
  const parts = cleanText(name).split(',');
  if (parts.length !== 2 || !parts[1].trim()) return cleanText(name);
  return `${parts[1].trim()} ${parts[0].trim()}`;
}

/** Authors from one-per-tag names, or from one tag holding "a; b; c" (OpenReview, PubMed). */
export function authorList(doc, ...names) {
  for (const name of names) {
    const values = metaValues(doc, name);
    const split = values.length === 1 && values[0].includes(';') ? values[0].split(';') : values;
    const authors = split.map(displayName).filter(Boolean);
    if (authors.length) return authors;
  }
  return [];
}

/** An abstract some publishers store as escaped HTML ("<p>We ...</p>"), as plain text. */
export function withoutTags(text) {
  return cleanText((text ?? '').replace(/<\/?[a-z][^>]*>/gi, ' '));
}

/** The Highwire citation_* fields most parsers need. */
export function citationMeta(doc) {
  return {
    title: firstMeta(doc, 'citation_title'),
    authors: authorList(doc, 'citation_author', 'citation_authors'),
    abstract: withoutTags(firstMeta(doc, 'citation_abstract')),
    doi: firstMeta(doc, 'citation_doi'),
  };
}

/** Open Graph title/description, the weakest hint a page gives. */
export function openGraph(doc) {
  return {
    title: firstMeta(doc, 'og:title'),
    description: firstMeta(doc, 'og:description'),
  };
}

/** Parsed JSON of the first <script> matching the selector, or null when absent or malformed. */
export function scriptJson(doc, selector) {
  const text = doc?.querySelector(selector)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
