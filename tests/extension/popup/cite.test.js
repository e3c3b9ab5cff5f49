import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderCitePanel } from '../../../extension/popup/cite.js';
import { background, openPopupPage } from '../helpers/popup-page.js';

const BIBTEX = '@misc{researcher2024sparse,\n title = {Sparse Mixtures of Experts},\n}\n';
const { sent } = background;

beforeEach(openPopupPage);

function fakeClipboard({ fails = null } = {}) {
  const written = [];
  return { written, writeText: async (text) => { if (fails) throw new Error(fails); written.push(text); } };
}

const settle = () => new Promise((resolve) => setTimeout(resolve));
const status = () => document.getElementById('cite-status');

test('Copy BibTeX copies the server\'s entry and says "Copied ✓" for a moment, about each click', async () => {
  background.answers = { getCitation: { ok: true, data: { text: BIBTEX } } };
  const clipboard = fakeClipboard();
  renderCitePanel('arxiv:2401.00001', { clipboard, shownMs: 30 });
  assert.equal(document.getElementById('cite-panel').hidden, false);
  assert.deepEqual([...document.querySelectorAll('#cite-panel button')].map((b) => b.textContent), ['Copy BibTeX', 'Copy Markdown link']);

  document.getElementById('cite-bibtex').click();
  await settle();
  assert.deepEqual(sent, [{ handler: 'getCitation', paperId: 'arxiv:2401.00001', format: 'bibtex' }]);
  assert.deepEqual(clipboard.written, [BIBTEX.trim()]);
  assert.equal(status().textContent, 'Copied ✓');
  assert.equal(status().classList.contains('failed'), false);
  assert.equal(document.getElementById('cite-bibtex').disabled, false);

  document.getElementById('cite-bibtex').click();
  assert.equal(status().textContent, '');  // cleared as the copy starts, so "Copied ✓" is about this click
  await settle();
  assert.equal(status().textContent, 'Copied ✓');
  assert.equal(sent.length, 2);  // asked again: the server may know the paper better by now
  assert.equal(clipboard.written.length, 2);

  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(status().textContent, '');  // only for a moment
});

test('Copy Markdown link asks for the markdown format', async () => {
  background.answers = { getCitation: { ok: true, data: { text: '[Sparse Mixtures](https://arxiv.org/abs/2401.00001) - J. Q. Researcher (2024)\n' } } };
  const clipboard = fakeClipboard();
  renderCitePanel('doi:10.1101/2024.01.02.573921', { clipboard });
  document.getElementById('cite-markdown').click();
  await settle();
  assert.equal(sent[0].format, 'markdown');
  assert.equal(sent[0].paperId, 'doi:10.1101/2024.01.02.573921');
  assert.deepEqual(clipboard.written, ['[Sparse Mixtures](https://arxiv.org/abs/2401.00001) - J. Q. Researcher (2024)']);
});

test('a server error or a refused clipboard is shown, and the button works again', async () => {
  background.answers = { getCitation: { ok: false, error: { code: 'unreachable', message: "Can't reach the PaperGist server." } } };
  const clipboard = fakeClipboard({ fails: 'Document is not focused.' });
  renderCitePanel('arxiv:2401.00001', { clipboard });
  document.getElementById('cite-bibtex').click();
  await settle();
  assert.equal(status().textContent, "Could not get the citation: Can't reach the PaperGist server.");
  assert.equal(status().classList.contains('failed'), true);
  assert.deepEqual(clipboard.written, []);

  background.answers = { getCitation: { ok: true, data: { text: BIBTEX } } };
  assert.equal(document.getElementById('cite-bibtex').disabled, false);
  document.getElementById('cite-bibtex').click();
  await settle();
  assert.equal(status().textContent, 'Could not copy: Document is not focused.');
});
