// Pages that LaTeXML renders (arXiv's /html/ view, ar5iv) carry no citation_* tags; the paper's
// title, authors and abstract sit in ltx_* classes instead.
import { cleanText, firstText } from './page-meta.js';

export function readLatexml(doc) {
  if (!doc) return {};
  const authors = [...doc.querySelectorAll('.ltx_authors .ltx_personname')]
    .map((node) => cleanText(firstLine(node)))
    .filter(Boolean);
  return {
    title: firstText(doc, 'h1.ltx_title_document', '.ltx_title_document'),
    authors,
    abstract: firstText(doc, '.ltx_abstract p', '.ltx_abstract'),
  };
}

// A personname node often continues with affiliations and e-mail after a <br>, and may carry
// footnote marks (ltx_note_mark) that are not part of the name.
function firstLine(node) {
  const parts = [];
  for (const child of node.childNodes) {
    if (child.nodeName === 'BR') break;
    if (/\bltx_note/.test(child.getAttribute?.('class') ?? '')) continue;
    parts.push(child.textContent);
  }
  return parts.join('');
}
