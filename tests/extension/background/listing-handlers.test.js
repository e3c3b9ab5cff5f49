// The service worker's listing handlers against a local server speaking the API's HTTP: one batch
// request for the page, results kept for the next visit, and Save all creating one account.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../extension/background/handlers.js';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';
import { startApiServer } from '../helpers/api-server.js';

const doc = (id, status) => ({ paper_id: id, paper: { ids: { arxiv: id.slice(6) } }, summary: { status }, related: { status } });
let server;
let accounts = 0;

before(async () => {
  server = await startApiServer({
    'POST /api/v1/papers/batch': (req) => [202, { documents: req.body.papers.map((p, i) => (p.url ? doc(`arxiv:2401.0000${i}`, 'queued')
      : { error: { code: 'invalid_request', message: 'Paper 1 is invalid: url: Missing data for required field.', details: {} } })) }],
    'GET /api/v1/papers': (req) => (req.headers['if-none-match'] === '"page-1"' ? [304, null]
      : [200, { documents: new URL(req.url, 'http://x').searchParams.getAll('paper_id').map((id) => doc(id, 'done')) }, { ETag: '"page-1"' }]),
    'POST /api/v1/accounts': () => [201, { token: `key-${++accounts}` }],
    'PUT /api/v1/lists/default/items/arxiv%3A2401.00000': (req) => [201, { paper_id: 'arxiv:2401.00000', ...req.body }],
    'PUT /api/v1/lists/default/items/arxiv%3A2401.00001': () => [409, { error: { code: 'conflict', message: 'The list is full.', details: {} } }],
    'PUT /api/v1/lists/default/items/arxiv%3A2401.00002': (req) => [201, { paper_id: 'arxiv:2401.00002', ...req.body }],
  });
});
after(() => server.close());
beforeEach(async () => {
  settings.useStorage(memoryStorage());
  await settings.saveSettings({ apiBase: server.base });
});

test('a listing is one batch request in page order; each answer is kept, an invalid entry is not', async () => {
  const papers = [{ url: 'https://arxiv.org/abs/2401.00000', ids: { arxiv: '2401.00000' }, title: 'A', abstract: '' }, { ids: {} }];
  const reply = await dispatch({ handler: 'lookupListing', papers });
  assert.equal(reply.ok, true);
  assert.deepEqual(server.requests.at(-1).body, { papers: [{ url: 'https://arxiv.org/abs/2401.00000', ids: { arxiv: '2401.00000' }, title: 'A' }, {}] });
  assert.equal(reply.data.documents[1].error.code, 'invalid_request');
  const kept = await dispatch({ handler: 'recallResults', paperIds: ['arxiv:2401.00000', 'arxiv:2401.00001'] });
  assert.deepEqual(Object.keys(kept.data), ['arxiv:2401.00000']);
});

test('polls ask for every paper in one request, and a 304 changes nothing', async () => {
  const first = await dispatch({ handler: 'getPapers', paperIds: ['arxiv:2401.00000', 'arxiv:2401.00002'] });
  assert.equal(server.requests.at(-1).url, '/api/v1/papers?paper_id=arxiv%3A2401.00000&paper_id=arxiv%3A2401.00002');
  assert.deepEqual(first.data.documents.map((d) => d.summary.status), ['done', 'done']);
  const again = await dispatch({ handler: 'getPapers', paperIds: ['arxiv:2401.00000', 'arxiv:2401.00002'], etag: first.data.etag });
  assert.deepEqual(again.data, { documents: null, etag: '"page-1"' });
});

test('Save all creates one account, saves one paper after another with the tags, and names what failed', async () => {
  const before = accounts;
  const items = ['arxiv:2401.00000', 'arxiv:2401.00001', 'arxiv:2401.00002'].map((paperId) => ({ paperId, paper: { url: `https://arxiv.org/abs/${paperId.slice(6)}`, ids: {} } }));
  const reply = await dispatch({ handler: 'savePapers', items, tags: ['daily ', ''] });
  assert.equal(accounts, before + 1);
  assert.deepEqual(reply.data.saved, ['arxiv:2401.00000', 'arxiv:2401.00002']);
  assert.deepEqual(reply.data.failed, [{ paperId: 'arxiv:2401.00001', message: 'The list is full.' }]);
  const put = server.requests.at(-1);
  assert.deepEqual(put.body, { tags: ['daily'], paper: { url: 'https://arxiv.org/abs/2401.00002' } });
  assert.equal(put.headers.authorization, `Bearer key-${accounts}`);
});
