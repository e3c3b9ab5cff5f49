// Building elements for the extension pages. Text always goes in as text nodes (never as markup),
// because titles, abstracts and tags come from web pages and from the server.

/** h('a', {href, class: 'x', onclick: fn}, 'text', childNode, [more]) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children (strings become text). */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** Only http(s) addresses become links; anything else (javascript:, data:) is dropped. */
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "3 minutes ago" for a timestamp in ms. */
export function timeAgo(timestamp, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - timestamp) / 1000));
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${unit}${count > 1 ? 's' : ''} ago`;
  }
  return 'just now';
}

/** "A, B, C and 4 more" so long author lists fit the popup. */
export function shortAuthors(authors, shown = 3) {
  if (!authors?.length) return '';
  if (authors.length <= shown + 1) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} and ${authors.length - shown} more`;
}
