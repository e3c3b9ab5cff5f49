// "Save" on each related paper: one click saves it, and the ones already in the reader's list show
// as saved when the list is drawn (one request for all of them, not one per paper).
import { MSG, send } from '../lib/messages.js';
import { fill } from '../lib/dom.js';

const savedIds = new Set();  // related papers known to be saved: from the server, or saved here
let askedAbout = '';  // the ids last asked about, so a redraw of the same list asks nothing

/** Marks the rows of the drawn related list (in `body`) whose paper is already saved. */
export async function showSavedRelated(body) {
  const ids = rows(body).map((row) => row.dataset.paperId);
  const key = JSON.stringify(ids);
  if (ids.length && key !== askedAbout) {
    askedAbout = key;
    const reply = await send(MSG.getSavedAmong, { paperIds: ids });
    // Unanswered, the buttons stay "Save": saving still works, or says why it cannot.
    if (reply.ok) reply.data.savedIds.forEach((id) => savedIds.add(id));
  }
  // Rows drawn again while the answer was on its way are the ones on screen now.
  for (const row of rows(body)) {
    const button = row.querySelector('.save-related');
    if (button && savedIds.has(row.dataset.paperId)) showSaved(button);
  }
}

/** One-click save of a related paper from its row. */
export async function saveRelated(item, button) {
  button.disabled = true;
  fill(button, 'Saving…');
  const paper = item.url ? { url: item.url, title: item.title } : null;
  const reply = await send(MSG.savePaper, { paperId: item.paper_id, paper });
  if (reply.ok) {
    savedIds.add(item.paper_id);
    return showSaved(button);
  }
  fill(button, 'Retry save');
  button.disabled = false;
  button.title = reply.error.message;
}

function showSaved(button) {
  fill(button, 'Saved ✓');
  button.disabled = true;
}

function rows(body) {
  return [...body.querySelectorAll('li[data-paper-id]')];
}
