import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../../extension/background/api.js';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';
import { startApiServer } from '../helpers/api-server.js';

const DOC = { paper_id: 'arxiv:2401.00001', paper: { paper_id: 'arxiv:2401.00001', title: 'T' }, summary: { status: 'queued' }, related: { status: 'queued' } };
let server;

before(async () => {
  server = await startApiServer({
    'POST /api/v1/papers': () => [202, DOC],
    'GET /api/v1/papers/arxiv%3A2401.00001': (req) => (req.headers['if-none-match'] === '"v1"' ? [304, null, { ETag: '"v1"' }] : [200, DOC, { ETag: '"v1"' }]),
    'GET /api/v1/papers/arxiv%3A2401.09999': () => [404, { error: { code: 'not_found', message: 'No paper arxiv:2401.09999 has been submitted; POST it to /api/v1/papers first.', details: {} } }],
    'POST /api/v1/papers/arxiv%3A2401.00001/refresh': (req) => [202, { ...DOC, related: { status: 'queued', items: [], parts: req.body.parts } }],
    'POST /api/v1/papers/arxiv%3A2401.00001/retry': () => [503, { error: { code: 'redis_unavailable', message: 'The paper store (Redis) cannot be reached right now.', details: {} } }],
    'GET /api/v1/saved/arxiv%3A2401.00001': (req) => (req.headers.authorization === 'Bearer k-123456789' ? [200, { paper_id: 'arxiv:2401.00001', saved: true, lists: ['default'] }] : [401, { error: { code: 'unauthorized', message: 'Send your account key.' } }]),
    'GET /api/v1/lists/reading/items': () => [404, { error: { code: 'not_found', message: 'No list named "reading".', details: {} } }],
    'POST /api/v1/accounts': () => [429, { error: { code: 'rate_limited', message: 'Too many requests (10 per 1 hour); try again in 42 s.', details: {} } }, { 'Retry-After': '42' }],
    'GET /api/v1/saved': (req) => [200, { items: new URL(req.url, 'http://x').searchParams.getAll('paper_id').map((id) => ({ paper_id: id.replace('v2', ''), saved: id !== 'arxiv:2401.00002', lists: [] })) }],
    'GET /api/v1/lists/default/export': () => [200, '@article{x, title={T}}', { 'Content-Type': 'application/x-bibtex', 'Content-Disposition': 'attachment; filename="papergist-default.bib"' }],
    'GET /api/v1/papers/doi%3A10.1101%2F2024.01.02.573921/citation': (req) => [200, `@misc{x, format={${new URL(req.url, 'http://x').searchParams.get('format')}}}`],
  });
});
after(() => server.close());
beforeEach(async () => {
  settings.useStorage(memoryStorage());
  await settings.saveSettings({ apiBase: server.base });
});

test('submit sends JSON and returns the document', async () => {
  const doc = await api.submitPaper({ url: 'https://arxiv.org/abs/2401.00001', ids: { arxiv: '2401.00001' } });
  assert.equal(doc.paper_id, 'arxiv:2401.00001');
  const sent = server.requests.at(-1);
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.deepEqual(sent.body.ids, { arxiv: '2401.00001' });
});

test('polling sends If-None-Match and turns 304 into "no new document"', async () => {
  const first = await api.fetchPaper('arxiv:2401.00001');
  assert.equal(first.etag, '"v1"');
  const second = await api.fetchPaper('arxiv:2401.00001', first.etag);
  assert.equal(second.document, null);
  assert.equal(second.etag, '"v1"');
});

test("the API's error envelope becomes code + message", async () => {
  await assert.rejects(api.fetchPaper('arxiv:2401.09999'), { code: 'not_found', status: 404, message: /has been submitted/ });
  await assert.rejects(api.retryPaper('arxiv:2401.00001'), { code: 'redis_unavailable', status: 503 });
});

test('refresh posts the parts to compute again as JSON and returns the queued document', async () => {
  const doc = await api.refreshPaper('arxiv:2401.00001', ['related']);
  assert.equal(doc.related.status, 'queued');
  const sent = server.requests.at(-1);
  assert.equal(sent.method, 'POST');
  assert.equal(sent.url, '/api/v1/papers/arxiv%3A2401.00001/refresh');
  assert.equal(sent.headers['content-type'], 'application/json');
  assert.deepEqual(sent.body, { parts: ['related'] });
});

test("lists' errors are the server's own: a missing list is its 404, too many accounts its 429", async () => {
  await settings.saveSettings({ accountToken: 'k-123456789' });
  await assert.rejects(api.listItems('reading'), { code: 'not_found', status: 404, message: 'No list named "reading".' });
  await assert.rejects(api.createAccount(), { code: 'rate_limited', status: 429, message: /try again in 42 s/ });
});

test('saved state: the key goes in a Bearer header; 401 is no_account without a key, bad_account with one', async () => {
  await assert.rejects(api.getSaved('arxiv:2401.00001'), { code: 'no_account' });
  assert.equal(server.requests.at(-1).headers.authorization, undefined);
  await settings.saveSettings({ accountToken: 'wrong-key-0000' });
  await assert.rejects(api.getSaved('arxiv:2401.00001'), { code: 'bad_account' });
  await settings.saveSettings({ accountToken: 'k-123456789' });
  assert.deepEqual(await api.getSaved('arxiv:2401.00001'), { saved: true, lists: ['default'] });
  assert.deepEqual(await api.exportList('default', 'bibtex'), { text: '@article{x, title={T}}', mime: 'application/x-bibtex', filename: 'papergist-default.bib' });
});

test('several saved states in one request: repeated paper_id, saved ones returned as asked', async () => {
  await settings.saveSettings({ accountToken: 'k-123456789' });
  const saved = await api.getSavedAmong(['arxiv:2401.00001v2', 'arxiv:2401.00002', 'doi:10.1101/2024.01.02.573921']);
  assert.deepEqual(saved, ['arxiv:2401.00001v2', 'doi:10.1101/2024.01.02.573921']);
  const sent = server.requests.at(-1);
  assert.equal(sent.url, '/api/v1/saved?paper_id=arxiv%3A2401.00001v2&paper_id=arxiv%3A2401.00002&paper_id=doi%3A10.1101%2F2024.01.02.573921');
  assert.equal(sent.headers.authorization, 'Bearer k-123456789');
  const before = server.requests.length;
  assert.deepEqual(await api.getSavedAmong([]), []);
  assert.equal(server.requests.length, before);
});

test("a paper's citation is text, asked without a key, the id's slashes encoded", async () => {
  await settings.saveSettings({ accountToken: 'k-123456789' });
  assert.equal(await api.fetchCitation('doi:10.1101/2024.01.02.573921', 'bibtex'), '@misc{x, format={bibtex}}');
  const sent = server.requests.at(-1);
  assert.equal(sent.url, '/api/v1/papers/doi%3A10.1101%2F2024.01.02.573921/citation?format=bibtex');
  assert.equal(sent.headers.authorization, undefined);
  await assert.rejects(api.fetchCitation('arxiv:2401.09999', 'bibtex'), { code: 'not_found', status: 404 });
});

test('an unreachable server is reported with its address', async () => {
  await settings.saveSettings({ apiBase: 'http://127.0.0.1:9' });
  await assert.rejects(api.submitPaper({ url: 'https://x.org' }), { code: 'unreachable', message: /127\.0\.0\.1:9/ });
});
