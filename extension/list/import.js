// "My papers": importing a BibTeX or PaperGist JSON file into the list. The server stores the
// file and imports it in the background; this page follows the import (reading, then saving
// N of M entries) and shows what came of it, every entry that could not be imported included.
//
// The page hands the File to api.js itself instead of messaging the service worker as the other
// pages do: an extension message carries at most 64 MiB in Chrome and an import may be 78 MiB,
// and fetch() streams a File from disk without reading it into a string first.
import { MSG, send } from '../lib/messages.js';
import { importList, importStatus } from '../background/api.js';
import { getSettings } from '../lib/settings.js';
import { fill, h } from '../lib/dom.js';

const POLL_MS = 1000;
// A file of 10,000 broken entries would make a page nobody reads; the rest are counted.
const SHOWN_ERRORS = 50;
const ACTIVE = new Set(['queued', 'running']);

/** The import format a file's name implies: `.json` is PaperGist JSON, anything else BibTeX. */
export function formatOf(fileName) {
  return /\.json$/i.test(fileName) ? 'json' : 'bibtex';
}

/** Wires the file input: each chosen file is imported, then onImported() reloads the list. */
export function setUpImport({ input, status, onImported }) {
  input.addEventListener('change', async () => {
    const [file] = input.files;
    input.value = '';  // the same file may be chosen again
    if (file && await importFile(file, status)) onImported();
  });
}

/** Uploads the file, follows its import to the end, and says whether it finished. */
export async function importFile(file, status, { pollMs = POLL_MS } = {}) {
  const label = `“${file.name}” (${size(file.size)})`;
  status.hidden = false;
  showImport(status, { status: 'queued', phase: 'uploading' }, label);
  let record;
  try {
    if (!(await getSettings()).accountToken) await send(MSG.createAccount);  // as the first save does
    record = await importList((await getSettings()).listName, formatOf(file.name), file);
  } catch (error) {
    const running = error.status === 409 ? error.details?.import : null;
    fill(status, h('p', { class: 'error-text' }, error.status === 409 ? error.message : `Import failed: ${error.message}`));
    if (!running) return false;
    // Follow the running import instead: the page shows when the next one can start.
    record = running;
    status.append(h('div', { class: 'import-running' }));
    return follow(record, status.lastChild, `the running import into “${record.list}”`, pollMs);
  }
  return follow(record, status, label, pollMs);
}

async function follow(record, where, label, pollMs) {
  while (ACTIVE.has(record.status)) {
    showImport(where, record, label);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    try {
      record = await importStatus(record.list, record.id);
    } catch (error) {
      fill(where, h('p', { class: 'error-text' }, `Lost track of the import: ${error.message}`));
      return false;
    }
  }
  showImport(where, record, label);
  return record.status === 'done';
}

/** Renders one state of an import (the API's ImportJob) into `where`. */
export function showImport(where, record, label) {
  if (record.status === 'failed') {
    return fill(where, h('p', { class: 'error-text' }, `Importing ${label} failed: ${record.error}`));
  }
  if (record.status === 'done') {
    const errors = record.errors ?? [];
    return fill(where,
      h('p', {}, `Imported ${label}: ${count(record.imported, 'new paper')}, ${count(record.updated, 'paper')} already in the list updated`,
        errors.length ? `; ${count(errors.length, 'entry', 'entries')} could not be imported:` : '.'),
      errors.length ? h('ul', { class: 'import-errors' }, errors.slice(0, SHOWN_ERRORS).map(
        (error) => h('li', {}, h('strong', {}, error.entry), `: ${error.message}`))) : null,
      errors.length > SHOWN_ERRORS ? h('p', { class: 'muted' }, `…and ${errors.length - SHOWN_ERRORS} more.`) : null);
  }
  const saving = record.phase === 'saving' && record.entries;
  const text = record.phase === 'uploading' ? 'sending the file…'
    : record.phase === 'reading' ? 'reading the file…'
      : saving ? `saving: ${record.processed.toLocaleString('en')} of ${count(record.entries, 'entry', 'entries')}`
        : 'waiting for the server…';
  return fill(where,
    h('p', {}, h('span', { class: 'spinner', 'aria-hidden': 'true' }), `Importing ${label}: ${text}`),
    h('progress', { max: saving ? record.entries : null, value: saving ? record.processed : null, 'aria-label': 'Import progress' }));
}

function count(n, one, many = `${one}s`) {
  return `${(n ?? 0).toLocaleString('en')} ${n === 1 ? one : many}`;
}

function size(bytes) {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}
