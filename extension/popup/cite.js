// "Cite" for the page's paper: copy its BibTeX or a Markdown link to the clipboard. The text comes
// from the server (the same BibTeX writer as the list export); "Copied ✓" shows for a moment.
import { MSG, send } from '../lib/messages.js';
import { fill, h } from '../lib/dom.js';

const FORMATS = [['bibtex', 'Copy BibTeX'], ['markdown', 'Copy Markdown link']];
const COPIED_SHOWN_MS = 2000;

/** Draws the Cite buttons for paperId; `clipboard` and `shownMs` are for tests. */
export function renderCitePanel(paperId, { clipboard = globalThis.navigator?.clipboard, shownMs = COPIED_SHOWN_MS } = {}) {
  const panel = document.getElementById('cite-panel');
  const status = h('span', { class: 'cite-status', id: 'cite-status', role: 'status' });
  let clearTimer = null;

  const show = (text, failed = false) => {
    clearTimeout(clearTimer);
    status.classList.toggle('failed', failed);
    fill(status, text);
    if (!failed) clearTimer = setTimeout(() => fill(status), shownMs);
  };

  const copy = async (format, button) => {
    clearTimeout(clearTimer);
    fill(status);  // a "Copied ✓" still showing is about the previous click
    button.disabled = true;
    try {
      // Asked at each click, not kept: a paper known only by its address gets its title later.
      const reply = await send(MSG.getCitation, { paperId, format });
      if (!reply.ok) return show(`Could not get the citation: ${reply.error.message}`, true);
      if (!clipboard) return show('Could not copy: this browser gives no clipboard access here.', true);
      await clipboard.writeText(reply.data.text.trim());
      show('Copied ✓');
    } catch (error) {
      show(`Could not copy: ${error?.message ?? error}`, true);
    } finally {
      button.disabled = false;
    }
  };

  const buttons = FORMATS.map(([format, label]) => {
    const button = h('button', { type: 'button', id: `cite-${format}` }, label);
    button.addEventListener('click', () => copy(format, button));
    return button;
  });
  fill(panel, h('div', { class: 'row', role: 'group', 'aria-label': 'Cite this paper' },
    h('span', { class: 'cite-label' }, 'Cite'), buttons, status));
  panel.hidden = false;
}
