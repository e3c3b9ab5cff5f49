// A list's import and a large list's export, against a local server answering like the API:
// the file goes up as it is, a busy server's 503 is waited out, and an export job is followed to its file.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../../extension/background/api.js';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';
import { startApiServer } from '../helpers/api-server.js';

const QUEUED = { id: 'abc123', list: 'default', format: 'bibtex', status: 'queued', phase: 'waiting', bytes: 22, entries: null, processed: 0, imported: 0, updated: 0, errors: [], error: null };
const EXPORT = { id: 'e1', list: 'big', format: 'ris', status: 'queued', phase: 'waiting', filename: 'papergist-big.ris', media_type: 'application/x-research-info-systems' };
let server;
let busy = 0;
let exportPolls = 0;

before(async () => {
  server = await startApiServer({
    'POST /api/v1/lists/default/import': () => (busy-- > 0
      ? [503, { error: { code: 'service_unavailable', message: 'This server is receiving 2 large imports already; send yours again in a few seconds.', details: {} } }, { 'Retry-After': '0' }]
      : [202, QUEUED, { Location: '/api/v1/lists/default/imports/abc123' }]),
    'POST /api/v1/lists/other/import': () => [409, { error: { code: 'conflict', message: "Your import abc123 into the list 'default' is still running (reading the file); one import runs at a time, so wait for it to finish.", details: { import: { ...QUEUED, status: 'running', phase: 'reading' } } } }],
    'GET /api/v1/lists/default/imports/abc123': () => [200, { ...QUEUED, status: 'done', phase: 'done', entries: 2, processed: 2, imported: 1, errors: [{ entry: 'broken', message: 'could not be parsed' }] }],
    'GET /api/v1/lists/big/export': () => [202, EXPORT, { Location: '/api/v1/lists/big/exports/e1' }],
    'GET /api/v1/lists/big/exports/e1': () => [200, { ...EXPORT, ...(++exportPolls > 1 ? { status: 'done', phase: 'done' } : { status: 'running', phase: 'writing' }) }],
    'GET /api/v1/lists/big/exports/e1/file': () => [200, 'TY  - JOUR\nER  - \n', { 'Content-Type': 'application/x-research-info-systems', 'Content-Disposition': 'attachment; filename="papergist-big.ris"' }],
  });
});
after(() => server.close());
beforeEach(async () => {
  settings.useStorage(memoryStorage());
  await settings.saveSettings({ apiBase: server.base, accountToken: 'k-123456789' });
});

test('an import sends the file itself with its format, and is sent again while the server is busy', async () => {
  busy = 2;
  const before = server.requests.length;
  const record = await api.importList('default', 'bibtex', '@article{x, title={T}}');
  assert.deepEqual(record, QUEUED);
  const posts = server.requests.slice(before);
  assert.equal(posts.length, 3);  // two 503s, then 202
  for (const post of posts) {
    assert.equal(post.url, '/api/v1/lists/default/import?format=bibtex');
    assert.equal(post.headers['content-type'], 'text/plain');
    assert.equal(post.headers.authorization, 'Bearer k-123456789');
    assert.equal(post.body, '@article{x, title={T}}');
  }
  const done = await api.importStatus('default', 'abc123');
  assert.equal(done.status, 'done');
  assert.deepEqual(done.errors, [{ entry: 'broken', message: 'could not be parsed' }]);
});

test('a second import is refused with 409, and the error carries the running import', async () => {
  await assert.rejects(api.importList('other', 'json', '[]'), (error) => {
    assert.equal(error.status, 409);
    assert.match(error.message, /import abc123 into the list 'default' is still running/);
    assert.equal(error.details.import.phase, 'reading');
    return true;
  });
});

test("a large list's export is a job: followed until done, then its file fetched", async () => {
  const seen = [];
  const file = await api.exportList('big', 'ris', (job) => seen.push(job.phase));
  assert.deepEqual(file, { text: 'TY  - JOUR\nER  - \n', mime: 'application/x-research-info-systems', filename: 'papergist-big.ris' });
  assert.deepEqual(seen, ['waiting', 'writing']);
  assert.equal(server.requests.at(-1).url, '/api/v1/lists/big/exports/e1/file');
});
