import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { renderPart } from '../../../extension/popup/render.js';
import { saveRelated, showSavedRelated } from '../../../extension/popup/save-related.js';
import { background, openPopupPage } from '../helpers/popup-page.js';

const { sent } = background;

beforeEach(openPopupPage);

const related = (...ids) => ({ status: 'done', items: ids.map((id) => ({ paper_id: id, title: `Paper ${id}`, url: `https://arxiv.org/abs/${id.slice(6)}` })) });

function draw(part) {
  renderPart('related', part, { onSaveRelated: saveRelated });
  return document.getElementById('related-body');
}

const buttons = () => [...document.querySelectorAll('#related-body .save-related')].map((b) => [b.textContent, b.disabled]);

test('related papers already in the list show as saved when drawn, from one request for all of them', async () => {
  background.answers = { getSavedAmong: { ok: true, data: { savedIds: ['arxiv:2312.10001', 'arxiv:2312.10003'] } } };
  await showSavedRelated(draw(related('arxiv:2312.10001', 'arxiv:2312.10002', 'arxiv:2312.10003')));
  assert.deepEqual(sent, [{ handler: 'getSavedAmong', paperIds: ['arxiv:2312.10001', 'arxiv:2312.10002', 'arxiv:2312.10003'] }]);
  assert.deepEqual(buttons(), [['Saved ✓', true], ['Save', false], ['Saved ✓', true]]);

  // Polling draws the same list again (the summary was still coming): no second request.
  await showSavedRelated(draw(related('arxiv:2312.10001', 'arxiv:2312.10002', 'arxiv:2312.10003')));
  assert.equal(sent.length, 1);
  assert.deepEqual(buttons(), [['Saved ✓', true], ['Save', false], ['Saved ✓', true]]);
});

test('no related papers, no request; an unanswered request leaves Save, and a paper saved here stays saved', async () => {
  await showSavedRelated(draw({ status: 'running' }));
  await showSavedRelated(draw({ status: 'done', items: [] }));
  assert.deepEqual(sent, []);

  background.answers = { getSavedAmong: { ok: false, error: { code: 'unreachable', message: 'down' } }, savePaper: { ok: true, data: { list: 'default' } } };
  const part = related('arxiv:2401.20001', 'arxiv:2401.20002');
  await showSavedRelated(draw(part));
  assert.deepEqual(buttons(), [['Save', false], ['Save', false]]);

  document.querySelector('#related-body .save-related').click();
  await new Promise((resolve) => setTimeout(resolve));
  assert.deepEqual(sent.at(-1), { handler: 'savePaper', paperId: 'arxiv:2401.20001', paper: { url: 'https://arxiv.org/abs/2401.20001', title: 'Paper arxiv:2401.20001' } });
  await showSavedRelated(draw(part));
  assert.deepEqual(buttons(), [['Saved ✓', true], ['Save', false]]);
});
