// The service worker's only door: one named handler per message (see lib/messages.js). Each takes
// the message and returns plain data; dispatch() turns throws into {ok: false, error}.
import * as api from './api.js';
import { showSaved } from './badge.js';
import { toSubmission } from '../lib/submission.js';
import { getSettings, recallResult, recallResultByIds, recallResults, rememberResult, rememberResults,
  saveSettings } from '../lib/settings.js';

export const HANDLERS = {
  async lookupPaper({ paper }) {
    const document = await api.submitPaper(toSubmission(paper));
    await rememberResult(document);
    return { document };
  },

  // A listing page: every paper at once, in page order; each answer a document or {error}.
  async lookupListing({ papers }) {
    const { documents } = await api.submitPapers(papers.map(toSubmission));
    await rememberResults(documents);
    return { documents };
  },

  async getPapers({ paperIds, etag }) {
    const reply = await api.fetchPapers(paperIds, etag);
    if (reply.documents) await rememberResults(reply.documents);
    return reply;
  },

  // Papers from earlier visits, shown at once while the server is asked.
  async recallResults({ paperIds = [] }) {
    return recallResults(paperIds);
  },

  async getPaper({ paperId, etag }) {
    const reply = await api.fetchPaper(paperId, etag);
    if (reply.document) await rememberResult(reply.document);
    return reply;
  },

  async retryPaper({ paperId }) {
    const document = await api.retryPaper(paperId);
    if (document?.paper_id) await rememberResult(document);
    return { document };
  },

  // The related section's Refresh: the named parts computed again even when done.
  async refreshPaper({ paperId, parts = ['related'] }) {
    const document = await api.refreshPaper(paperId, parts);
    if (document?.paper_id) await rememberResult(document);
    return { document };
  },

  // The popup's Cite buttons: the text goes back to the popup, which copies it (the clipboard
  // needs the popup's focus and the click). The server knows the formats; it refuses others.
  async getCitation({ paperId, format }) {
    return { text: await api.fetchCitation(paperId, format) };
  },

  async recallResult({ paperId, ids }) {
    return (paperId && (await recallResult(paperId))) || (await recallResultByIds(ids));
  },

  async getSavedState({ paperId, tabId }) {
    let data;
    try {
      data = await api.getSaved(paperId);
    } catch (error) {
      // No key yet on a server that has lists: nothing is saved, and saving will create the account.
      if (error.code === 'no_account') return { saved: false, lists: [] };
      throw error;
    }
    if (tabId) await showSaved(tabId, data.saved);
    return data;
  },

  // The related papers' Save buttons: which are saved already. Without a key nothing is, so no request.
  async getSavedAmong({ paperIds = [] }) {
    if (!(await getSettings()).accountToken) return { savedIds: [] };
    return { savedIds: await api.getSavedAmong(paperIds) };
  },

  // `paper` (url, title) lets the server keep a related paper it has only seen as a suggestion.
  async savePaper({ paperId, tags = [], note = '', read = false, paper = null, tabId }) {
    const { listName } = await ensureAccount();
    const body = { tags: cleanTags(tags), note: String(note), read: Boolean(read) };
    if (paper) body.paper = toSubmission(paper);
    const item = await api.putListItem(listName, paperId, body);
    if (tabId) await showSaved(tabId, true);
    return { item, list: listName };
  },

  // "Save all" on a listing: one after another, so that the first save creates the one account
  // the others use; a paper that fails does not stop the rest. {saved: [ids], failed: [{paperId, message}]}
  async savePapers({ items = [], tags = [] }) {
    const { listName } = await ensureAccount();
    const saved = [];
    const failed = [];
    for (const { paperId, paper } of items) {
      try {
        const body = { tags: cleanTags(tags), ...(paper && { paper: toSubmission(paper) }) };
        await api.putListItem(listName, paperId, body);
        saved.push(paperId);
      } catch (error) {
        failed.push({ paperId, message: error.message });
      }
    }
    return { saved, failed, list: listName };
  },

  async removeSaved({ paperId, tabId }) {
    const { listName } = await getSettings();
    await api.deleteListItem(listName, paperId);
    if (tabId) await showSaved(tabId, false);
    return { removed: paperId };
  },

  async listSaved({ tag = '', page = 1 }) {
    const { listName } = await getSettings();
    try {
      return { ...(await api.listItems(listName, { tag, page })), list: listName };
    } catch (error) {
      if (error.code === 'no_account') return { items: [], list: listName, noAccount: true };
      throw error;
    }
  },

  // {text, mime, filename} as the server names them; "My papers" turns it into a download.
  async exportList({ format }) {
    const { listName } = await getSettings();
    return api.exportList(listName, format);
  },

  async listRecommendations() {
    const { listName } = await getSettings();
    return api.listRecommendations(listName);
  },

  async markNotRelevant({ paperId }) {
    const { listName } = await getSettings();
    return api.sendFeedback(listName, paperId, false);
  },

  // "My papers": every list with its daily digest (subscription and latest digest).
  async listDigests() {
    let lists;
    try {
      lists = await api.listLists();
    } catch (error) {
      if (error.code === 'no_account') return { lists: [], noAccount: true };
      throw error;
    }
    const digests = await Promise.all(lists.map((list) => api.getDigest(list.name)));
    return { lists: lists.map((list, i) => ({ name: list.name, count: list.count, digest: digests[i] })) };
  },

  // An empty email means the feed alone (null to the server).
  async subscribeDigest({ list, email = '', trending = false }) {
    return api.putDigest(list, { email: String(email).trim() || null, trending: Boolean(trending) });
  },

  async unsubscribeDigest({ list }) {
    await api.deleteDigest(list);
    return { list, subscribed: false };
  },

  async rotateDigestFeed({ list }) {
    return api.rotateDigestFeed(list);
  },

  async createAccount() {
    const { token } = await api.createAccount();
    await saveSettings({ accountToken: token });
    return { token };
  },

  async checkServer({ apiBase }) {
    await api.pingServer(apiBase);
    return { reachable: true };
  },
};

/** Runs the named handler; always resolves, so the sender never waits on a closed port. */
export async function dispatch(message) {
  const handler = HANDLERS[message?.handler];
  if (!handler) return { ok: false, error: { code: 'unknown_handler', message: `No handler named "${message?.handler}".` } };
  try {
    return { ok: true, data: await handler(message) };
  } catch (error) {
    return { ok: false, error: { code: error.code ?? 'internal', message: error.message ?? String(error) } };
  }
}

// The first save creates an anonymous account; its key is shown in the options for other devices.
async function ensureAccount() {
  const settings = await getSettings();
  if (settings.accountToken) return settings;
  const { token } = await api.createAccount();
  return saveSettings({ accountToken: token });
}

// Tags as typed, trimmed, without blanks (the API refuses an empty tag). Case and duplicates are
// the server's to decide (lists/service.py clean_tags); the list shows the tags it returns.
function cleanTags(tags) {
  const list = Array.isArray(tags) ? tags : String(tags).split(',');
  return list.map((t) => String(t).trim()).filter(Boolean);
}
