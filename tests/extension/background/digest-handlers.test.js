import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch } from '../../../extension/background/handlers.js';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';
import { startApiServer } from '../helpers/api-server.js';

let server;
const unsubscribed = { list: 'Reading group', subscribed: false, feed_url: null, email: null, trending: false, latest: null };
const subscribed = (body) => ({ ...unsubscribed, subscribed: true, feed_url: 'http://127.0.0.1:8000/feeds/abc.atom', ...body });

before(async () => {
  server = await startApiServer({
    'GET /api/v1/lists': (req) => (req.headers.authorization
      ? [200, { lists: [{ name: 'default', count: 2, created_at: null }, { name: 'Reading group', count: 1, created_at: 1 }] }]
      : [401, { error: { code: 'unauthorized', message: 'Send the account\'s token as `Authorization: Bearer <token>`.', details: {} } }]),
    'GET /api/v1/lists/default/digest': () => [200, subscribed({ list: 'default' })],
    'GET /api/v1/lists/Reading%20group/digest': () => [200, unsubscribed],
    'PUT /api/v1/lists/Reading%20group/digest': (req) => [201, subscribed(req.body)],
    'DELETE /api/v1/lists/Reading%20group/digest': () => [204, null],
    'POST /api/v1/lists/Reading%20group/digest/token': () => [200, subscribed({ feed_url: 'http://127.0.0.1:8000/feeds/new.atom' })],
  });
});
after(() => server.close());
beforeEach(async () => {
  settings.useStorage(memoryStorage());
  await settings.saveSettings({ apiBase: server.base, accountToken: 'k-123456789' });
});

test("every list comes with its digest, asked with the account's key", async () => {
  const reply = await dispatch({ handler: 'listDigests' });
  assert.equal(reply.ok, true);
  assert.deepEqual(reply.data.lists.map((l) => [l.name, l.count, l.digest.subscribed]), [['default', 2, true], ['Reading group', 1, false]]);
  assert.ok(server.requests.slice(-3).every((r) => r.headers.authorization === 'Bearer k-123456789'));
});

test('subscribing sends an empty email as null, and the answer is the new state', async () => {
  const reply = await dispatch({ handler: 'subscribeDigest', list: 'Reading group', email: '  ', trending: true });
  assert.deepEqual(server.requests.at(-1).body, { email: null, trending: true });
  assert.equal(reply.data.feed_url, 'http://127.0.0.1:8000/feeds/abc.atom');
  await dispatch({ handler: 'subscribeDigest', list: 'Reading group', email: ' me@example.org ' });
  assert.deepEqual(server.requests.at(-1).body, { email: 'me@example.org', trending: false });
});

test('a new feed address, then unsubscribing', async () => {
  assert.equal((await dispatch({ handler: 'rotateDigestFeed', list: 'Reading group' })).data.feed_url, 'http://127.0.0.1:8000/feeds/new.atom');
  assert.deepEqual(await dispatch({ handler: 'unsubscribeDigest', list: 'Reading group' }), { ok: true, data: { list: 'Reading group', subscribed: false } });
  assert.equal(server.requests.at(-1).method, 'DELETE');
});

test('without a key there are no digests to show, and no error', async () => {
  await settings.saveSettings({ accountToken: '' });
  const before = server.requests.length;
  const reply = await dispatch({ handler: 'listDigests' });
  assert.equal(reply.ok, true);
  assert.deepEqual(reply.data, { lists: [], noAccount: true });
  assert.equal(server.requests.length, before + 1);
});
