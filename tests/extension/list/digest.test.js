import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

const LIST_HTML = readFileSync(new URL('../../../extension/list/list.html', import.meta.url), 'utf8');
const sent = [];
let answers = {};
globalThis.chrome = { runtime: { sendMessage: async (message) => { sent.push(message); return answers[message.handler]; } } };
const { loadDigests } = await import('../../../extension/list/digest.js');

const body = () => document.getElementById('digests-body');
const latest = {
  day: '2026-07-02', list: 'default', built_at: 1, new_papers: 412, trending: [],
  items: [{ paper_id: 'arxiv:2607.00001', title: 'Sparse attention', url: 'https://arxiv.org/abs/2607.00001', authors: ['A. Author'], author_count: 1,
    tldr: 'Sparse attention reads long documents.', score: 0.8, why: ['sparse attention'], like: [{ paper_id: 'arxiv:1706.03762', title: 'Attention is all you need' }] },
  { paper_id: 'arxiv:2607.00002', title: 'A <b>bold</b> title', url: 'javascript:alert(1)', authors: [], author_count: 0, tldr: null, score: 0.2, why: [], like: [] }],
};
const on = { list: 'default', subscribed: true, feed_url: 'http://127.0.0.1:8000/feeds/abc.atom', email: null, trending: true, latest };
const off = { list: 'Reading', subscribed: false, feed_url: null, email: null, trending: false, latest: null };

beforeEach(() => {
  ({ document: globalThis.document, Node: globalThis.Node } = parseHTML(LIST_HTML));
  sent.length = 0;
});

test("each list shows its latest digest or a subscribe form; server text stays text", async () => {
  answers = { listDigests: { ok: true, data: { lists: [{ name: 'default', count: 3, digest: on }, { name: 'Reading', count: 1, digest: off }] } } };
  await loadDigests(body());
  const [first, second] = body().querySelectorAll('.digest');
  assert.equal(first.querySelector('.feed-url').getAttribute('value'), 'http://127.0.0.1:8000/feeds/abc.atom');
  assert.match(first.textContent, /Feed only, no email, with trending papers\./);
  assert.match(first.textContent, /Latest digest, 2026-07-02: 2 of 412 new papers/);
  const papers = [...first.querySelectorAll('.digest-papers li')];
  assert.equal(papers[0].querySelector('a').getAttribute('href'), 'https://arxiv.org/abs/2607.00001');
  assert.match(papers[0].textContent, /Sparse attention reads long documents\.Like “Attention is all you need” \(sparse attention\)/);
  assert.equal(papers[1].querySelector('a'), null);  // a javascript: address is no link
  assert.equal(papers[1].querySelector('b'), null);
  assert.ok(second.querySelector('form.digest-subscribe'));
});

test('subscribing sends the form and draws the new state in place; a refusal is shown', async () => {
  answers = { listDigests: { ok: true, data: { lists: [{ name: 'Reading', count: 1, digest: off }] } } };
  await loadDigests(body());
  const form = body().querySelector('form');
  form.querySelector('[name=email]').value = 'me@example.org';
  form.querySelector('[name=trending]').checked = true;
  answers.subscribeDigest = { ok: false, error: { code: 'invalid_request', message: 'email: Not a valid email address.' } };
  form.dispatchEvent(new globalThis.document.defaultView.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sent.at(-1), { handler: 'subscribeDigest', list: 'Reading', email: 'me@example.org', trending: true });
  assert.equal(body().querySelector('[role=alert]').textContent, 'email: Not a valid email address.');

  answers.subscribeDigest = { ok: true, data: { ...off, subscribed: true, feed_url: 'http://127.0.0.1:8000/feeds/xyz.atom', email: 'me@example.org' } };
  form.dispatchEvent(new globalThis.document.defaultView.Event('submit', { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const block = body().querySelector('.digest');
  assert.match(block.textContent, /Emailed to me@example.org\./);
  assert.match(block.textContent, /No digest yet/);

  answers.unsubscribeDigest = { ok: true, data: { list: 'Reading', subscribed: false } };
  [...block.querySelectorAll('button')].find((b) => b.textContent === 'Unsubscribe').click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sent.at(-1), { handler: 'unsubscribeDigest', list: 'Reading' });
  assert.ok(body().querySelector('form.digest-subscribe'));
});

test('without an account there is a hint instead', async () => {
  answers = { listDigests: { ok: true, data: { lists: [], noAccount: true } } };
  await loadDigests(body());
  assert.match(body().textContent, /Save a paper first/);
});
