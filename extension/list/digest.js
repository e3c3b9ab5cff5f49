// "My papers": each list's daily digest, its latest papers and its controls (subscribe with an
// optional email and the trending section, copy or renew the feed's secret address, unsubscribe).
// A module of its own, started by list.html, so the rest of the page does not depend on it.
import { MSG, send } from '../lib/messages.js';
import { fill, h, safeHref, shortAuthors } from '../lib/dom.js';

const SHOWN_PAPERS = 5;

/** Draws every list's digest block into `body` (the page's #digests-body). */
export async function loadDigests(body) {
  const reply = await send(MSG.listDigests);
  if (!reply.ok) return fill(body, h('p', { class: 'error-text' }, `Daily digests: ${reply.error.message}`));
  if (reply.data.noAccount || !reply.data.lists.length) {
    return fill(body, h('p', { class: 'muted' }, 'Save a paper first: digests are made for your lists.'));
  }
  fill(body, reply.data.lists.map((list) => digestNode(list.name, list.digest)));
}

/** One list's block: its controls, then its latest digest. */
export function digestNode(list, digest) {
  const block = h('div', { class: 'digest', 'data-list': list }, h('h3', {}, list));
  const redraw = (state) => block.replaceWith(digestNode(list, state));
  const problem = h('p', { class: 'error-text', role: 'alert', hidden: true });
  const act = async (button, handler, payload) => {
    button.disabled = true;
    const reply = await send(handler, { list, ...payload });
    if (reply.ok) return redraw(reply.data);
    button.disabled = false;
    problem.hidden = false;
    fill(problem, reply.error.message);
  };
  block.append(digest.subscribed ? subscribedControls(digest, act) : subscribeForm(act), problem);
  if (digest.latest) block.append(latestNode(digest.latest));
  else if (digest.subscribed) block.append(h('p', { class: 'muted' }, 'No digest yet: the first comes after the next daily harvest brings papers that fit this list.'));
  return block;
}

function subscribeForm(act) {
  const email = h('input', { type: 'email', name: 'email', placeholder: 'Email (optional)', autocomplete: 'email', 'aria-label': 'Email the digest to' });
  const trending = h('input', { type: 'checkbox', name: 'trending' });
  const button = h('button', { type: 'submit' }, 'Subscribe');
  return h('form', {
    class: 'digest-subscribe',
    onsubmit: (event) => {
      event.preventDefault();
      act(button, MSG.subscribeDigest, { email: email.value, trending: trending.checked });
    },
  }, email, h('label', {}, trending, ' with what is trending on this server'), button);
}

function subscribedControls(digest, act) {
  const feed = h('input', { class: 'feed-url', readonly: true, value: digest.feed_url, 'aria-label': 'Feed address (keep it secret)' });
  const copy = h('button', { type: 'button' }, 'Copy');
  copy.addEventListener('click', async () => {
    await navigator.clipboard.writeText(digest.feed_url);
    fill(copy, 'Copied ✓');
  });
  const rotate = h('button', { type: 'button', title: 'The current address stops working' }, 'New address');
  rotate.addEventListener('click', () => act(rotate, MSG.rotateDigestFeed));
  const stop = h('button', { type: 'button' }, 'Unsubscribe');
  stop.addEventListener('click', () => act(stop, MSG.unsubscribeDigest));
  const email = !digest.email ? 'Feed only, no email'
    : digest.email_sent === false ? `Feed only for now: this server sends no email (to ${digest.email} once it does)`
      : digest.email_confirmed === false ? `Feed only until you confirm ${digest.email}: follow the link PaperGist emailed there`
        : `Emailed to ${digest.email}`;
  const delivery = [email, digest.trending ? 'with trending papers' : null];
  return h('div', {},
    h('div', { class: 'digest-controls' }, feed, copy, rotate, stop),
    h('p', { class: 'muted' }, delivery.filter(Boolean).join(', ') + '.'));
}

function latestNode(latest) {
  const papers = latest.items.slice(0, SHOWN_PAPERS).map((item) => {
    const href = safeHref(item.url);
    const like = item.like?.length ? `Like “${item.like[0].title}”${item.why?.length ? ` (${item.why.join(', ')})` : ''}` : null;
    return h('li', { 'data-paper-id': item.paper_id },
      href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, item.title) : item.title,
      item.authors?.length ? h('span', { class: 'why' }, shortAuthors(item.authors)) : null,
      item.tldr ? h('span', { class: 'tldr' }, item.tldr) : null,
      like ? h('span', { class: 'why' }, like) : null);
  });
  const more = latest.items.length - papers.length;
  return h('div', { class: 'digest-latest' },
    h('p', { class: 'muted' }, `Latest digest, ${latest.day}: ${latest.items.length} of ${latest.new_papers} new papers`),
    h('ol', { class: 'digest-papers' }, papers),
    more > 0 ? h('p', { class: 'muted' }, `and ${more} more in the feed.`) : null);
}

const body = globalThis.document?.getElementById('digests-body');
if (body) loadDigests(body);
