import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../extension/background/handlers.js';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';
import { startApiServer } from '../helpers/api-server.js';

let server;
const badges = [];
const formatOf = (req) => new URL(req.url, 'http://x').searchParams.get('format');
// What the server answers for a format its query schema does not know.
const invalidFormat = (known) => ({ error: { code: 'invalid_request', message: `The query string is invalid. format: Must be one of: ${known.join(', ')}.`, details: { format: [`Must be one of: ${known.join(', ')}.`] } } });

before(async () => {
  // The badge calls chrome.action; record what it would show.
  globalThis.chrome = { action: { setBadgeText: async (d) => badges.push(d), setBadgeBackgroundColor: async () => {}, setTitle: async () => {} } };
  server = await startApiServer({
    'POST /api/v1/accounts': () => [201, { token: 'new-account-key-1' }],
    'PUT /api/v1/lists/default/items/arxiv%3A2401.00001': (req) => [200, { paper_id: 'arxiv:2401.00001', ...req.body }],
    'GET /api/v1/saved': () => [200, { items: [{ paper_id: 'arxiv:2401.00002', saved: false, lists: [] }, { paper_id: 'arxiv:2401.00003', saved: true, lists: ['default'] }] }],
    'GET /api/v1/papers/arxiv%3A2401.00001/citation': (req) => (formatOf(req) === 'markdown' ? [200, '[Title](https://arxiv.org/abs/2401.00001) - A. Author (2024)\n']
      : [422, invalidFormat(['bibtex', 'ris', 'csljson', 'markdown'])]),
    'GET /api/v1/lists/my%20papers/export': (req) => (formatOf(req) === 'ris' ? [200, 'TY  - JOUR\nER  - \n', { 'Content-Type': 'application/x-research-info-systems', 'Content-Disposition': 'attachment; filename="papergist-my_papers.ris"' }]
      : [422, invalidFormat(['bibtex', 'ris', 'csljson', 'json'])]),
    'POST /api/v1/papers/arxiv%3A2401.00001/refresh': (req) => [202, { paper_id: 'arxiv:2401.00001', paper: { ids: { arxiv: '2401.00001' } }, summary: { status: 'done' }, related: { status: 'queued', items: [{ paper_id: 'arxiv:2401.00002' }], asked: req.body.parts } }],
    'POST /api/v1/papers': () => [202, { paper_id: 'arxiv:2401.00001', paper: { ids: { arxiv: '2401.00001' } }, summary: { status: 'queued' }, related: { status: 'queued' } }],
  });
});
after(() => server.close());
beforeEach(async () => {
  settings.useStorage(memoryStorage());
  await settings.saveSettings({ apiBase: server.base });
});

test('an unknown handler is refused by name; the sender always gets an answer', async () => {
  assert.deepEqual(await dispatch({ handler: 'nope' }), { ok: false, error: { code: 'unknown_handler', message: 'No handler named "nope".' } });
});

test('the first save creates an account, keeps its key, and sends the tags as typed (trimmed) with a Bearer header', async () => {
  const reply = await dispatch({ handler: 'savePaper', paperId: 'arxiv:2401.00001', tags: [' MoE', 'to-read', 'moe', ''], note: 'for Monday', tabId: 7 });
  assert.equal(reply.ok, true);
  assert.equal((await settings.getSettings()).accountToken, 'new-account-key-1');
  const put = server.requests.at(-1);
  assert.equal(put.headers.authorization, 'Bearer new-account-key-1');
  assert.deepEqual(put.body, { tags: ['MoE', 'to-read', 'moe'], note: 'for Monday', read: false });
  assert.deepEqual(badges.at(-1), { tabId: 7, text: '✓' });
});

test("related papers' saved states: nothing is saved without a key, so nothing is asked", async () => {
  const before = server.requests.length;
  assert.deepEqual(await dispatch({ handler: 'getSavedAmong', paperIds: ['arxiv:2401.00002'] }), { ok: true, data: { savedIds: [] } });
  assert.equal(server.requests.length, before);
  await settings.saveSettings({ accountToken: 'k-123456789' });
  const reply = await dispatch({ handler: 'getSavedAmong', paperIds: ['arxiv:2401.00002', 'arxiv:2401.00003'] });
  assert.deepEqual(reply, { ok: true, data: { savedIds: ['arxiv:2401.00003'] } });
  assert.equal(server.requests.length, before + 1);
});

test('lookups are kept for offline use, and only identifying fields are sent', async () => {
  const reply = await dispatch({ handler: 'lookupPaper', paper: { url: 'https://arxiv.org/abs/2401.00001', ids: { arxiv: '2401.00001' }, version: null, title: '' } });
  assert.equal(reply.ok, true);
  assert.deepEqual(server.requests.at(-1).body, { url: 'https://arxiv.org/abs/2401.00001', ids: { arxiv: '2401.00001' } });
  const kept = await dispatch({ handler: 'recallResult', ids: { arxiv: '2401.00001' } });
  assert.equal(kept.data.document.paper_id, 'arxiv:2401.00001');
});

test("export downloads under the server's media type and file name; the server refuses an unknown format", async () => {
  await settings.saveSettings({ accountToken: 'k-123456789', listName: 'my papers' });
  const reply = await dispatch({ handler: 'exportList', format: 'ris' });
  assert.deepEqual(reply, { ok: true, data: { text: 'TY  - JOUR\nER  - \n', mime: 'application/x-research-info-systems', filename: 'papergist-my_papers.ris' } });
  const refused = await dispatch({ handler: 'exportList', format: 'docx' });
  assert.equal(refused.error.code, 'invalid_request');
  assert.match(refused.error.message, /format: Must be one of: bibtex, ris, csljson, json/);
  assert.equal(server.requests.at(-1).url, '/api/v1/lists/my%20papers/export?format=docx');
});

test("a paper's citation comes back as text; the server refuses an unknown format, naming the known ones", async () => {
  const reply = await dispatch({ handler: 'getCitation', paperId: 'arxiv:2401.00001', format: 'markdown' });
  assert.deepEqual(reply, { ok: true, data: { text: '[Title](https://arxiv.org/abs/2401.00001) - A. Author (2024)\n' } });
  const refused = await dispatch({ handler: 'getCitation', paperId: 'arxiv:2401.00001', format: 'docx' });
  assert.equal(refused.error.code, 'invalid_request');
  assert.match(refused.error.message, /format: Must be one of: bibtex, ris, csljson, markdown/);
});

test("Refresh asks the server for the related part again and keeps the answer for offline use", async () => {
  const reply = await dispatch({ handler: 'refreshPaper', paperId: 'arxiv:2401.00001' });
  assert.equal(reply.ok, true);
  assert.deepEqual(server.requests.at(-1).body, { parts: ['related'] });
  assert.deepEqual(reply.data.document.related.asked, ['related']);
  const kept = await dispatch({ handler: 'recallResult', paperId: 'arxiv:2401.00001' });
  assert.equal(kept.data.document.related.status, 'queued');
});
