import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as settings from '../../../extension/lib/settings.js';
import { memoryStorage } from '../helpers/storage-stub.js';

beforeEach(() => settings.useStorage(memoryStorage()));

test('defaults: local server, no key, the default list', async () => {
  const current = await settings.getSettings();
  assert.equal(current.apiBase, 'http://127.0.0.1:8000');
  assert.equal(current.accountToken, '');
  assert.equal(current.listName, 'default');
});

test('server address is normalised, and a bad one is refused with a message naming it', async () => {
  assert.equal((await settings.saveSettings({ apiBase: 'https://papers.example.org/' })).apiBase, 'https://papers.example.org');
  await assert.rejects(settings.saveSettings({ apiBase: 'papers.example.org' }), /"papers.example.org" is not a URL/);
  await assert.rejects(settings.saveSettings({ apiBase: 'ftp://papers.example.org' }), /must start with http/);
  assert.equal((await settings.getSettings()).apiBase, 'https://papers.example.org');
});

test('the host permission for a server address has no port (Firefox never matches one)', () => {
  assert.equal(settings.apiHostPattern('http://127.0.0.1:8000'), 'http://127.0.0.1/*');
  assert.equal(settings.apiHostPattern('https://papers.example.org:8443/gist/'), 'https://papers.example.org/*');
  assert.equal(settings.apiHostPattern('http://[::1]:8000'), 'http://[::1]/*');
  assert.throws(() => settings.apiHostPattern('ftp://papers.example.org'), /must start with http/);
});

test('the last result per paper is kept, newest first, up to the cap', async () => {
  for (let i = 0; i < settings.MAX_KEPT_RESULTS + 5; i += 1) {
    await settings.rememberResult({ paper_id: `arxiv:2401.${String(i).padStart(5, '0')}`, paper: { ids: { arxiv: `2401.${String(i).padStart(5, '0')}` } } });
  }
  assert.equal(await settings.recallResult('arxiv:2401.00000'), null);
  const kept = await settings.recallResult('arxiv:2401.00204');
  assert.equal(kept.document.paper_id, 'arxiv:2401.00204');
  assert.ok(kept.receivedAt > 0);
  assert.equal((await settings.recallResultByIds({ arxiv: '2401.00204' })).document.paper_id, 'arxiv:2401.00204');
  assert.equal(await settings.recallResultByIds({ doi: '10.1/none' }), null);
});

test('two contexts saving different settings at once keep both', async () => {
  await Promise.all([
    settings.saveSettings({ apiBase: 'https://papers.example.org' }),
    settings.saveSettings({ accountToken: 'token-from-the-service-worker' }),
  ]);
  const current = await settings.getSettings();
  assert.equal(current.apiBase, 'https://papers.example.org');
  assert.equal(current.accountToken, 'token-from-the-service-worker');
});

test('settings stored by version 1 as one object are still read', async () => {
  const area = memoryStorage();
  await area.set({ settings: { apiBase: 'https://old.example.org', accountToken: 'old-token', listName: 'reading' } });
  settings.useStorage(area);
  assert.deepEqual(
    { ...(await settings.getSettings()), schemaVersion: undefined },
    { apiBase: 'https://old.example.org', accountToken: 'old-token', listName: 'reading', schemaVersion: undefined },
  );
  await settings.saveSettings({ listName: 'later' });
  assert.equal((await settings.getSettings()).apiBase, 'https://old.example.org');
});
