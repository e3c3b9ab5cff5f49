// "Save to my papers" for the page's paper: tags and a note on the way in, "already saved" after.
import { MSG, send } from '../lib/messages.js';
import { fill, h } from '../lib/dom.js';

export async function renderSavePanel(paperId, tabId) {
  const panel = document.getElementById('save-panel');
  fill(panel, h('p', { class: 'muted' }, 'Checking your list…'));
  const state = await send(MSG.getSavedState, { paperId, tabId });
  if (!state.ok) return fill(panel, unavailable(state.error));
  if (state.data.saved) return showSaved(panel, paperId, tabId, state.data.lists);
  showSaveForm(panel, paperId, tabId);
}

function unavailable(error) {
  // Without lists the related papers' Save buttons would only fail; popup.css hides them.
  document.body.dataset.lists = 'unavailable';
  return h('p', { class: 'error-text' }, `Saving unavailable: ${error.message}`);
}

function showSaveForm(panel, paperId, tabId) {
  const tags = h('input', { id: 'save-tags', type: 'text', placeholder: 'e.g. to-read, transformers', autocomplete: 'off' });
  const note = h('textarea', { id: 'save-note', placeholder: 'Why this paper matters to you' });
  const error = h('p', { class: 'error-text', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'save-button' }, 'Save to my papers');
  const form = h('form', {},
    h('div', { class: 'row' }, button),
    h('details', {}, h('summary', {}, 'Add tags or a note'),
      h('label', { for: 'save-tags' }, 'Tags (comma-separated)'), tags,
      h('label', { for: 'save-note' }, 'Note'), note),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    fill(button, 'Saving…');
    const reply = await send(MSG.savePaper, { paperId, tabId, tags: tags.value.split(','), note: note.value });
    if (reply.ok) return showSaved(panel, paperId, tabId, [reply.data.list]);
    button.disabled = false;
    fill(button, 'Save to my papers');
    fill(error, reply.error.message);
  });
  fill(panel, form);
}

function showSaved(panel, paperId, tabId, lists = []) {
  const remove = h('button', { type: 'button', id: 'remove-button' }, 'Remove');
  const error = h('p', { class: 'error-text', role: 'alert' });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    const reply = await send(MSG.removeSaved, { paperId, tabId });
    if (reply.ok) return showSaveForm(panel, paperId, tabId);
    remove.disabled = false;
    fill(error, reply.error.message);
  });
  const where = lists.length && !(lists.length === 1 && lists[0] === 'default') ? ` (${lists.join(', ')})` : '';
  fill(panel, h('div', { class: 'row' }, h('span', { class: 'saved-state', id: 'saved-state' }, `✓ Saved in My papers${where}`), remove), error);
}
