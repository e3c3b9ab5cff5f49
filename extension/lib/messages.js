// Message names between the extension pages and the service worker, and the one way to send them.
// send() always resolves to {ok: true, data} or {ok: false, error: {code, message}}.

export const MSG = Object.freeze({
  lookupPaper: 'lookupPaper',
  lookupListing: 'lookupListing',
  getPapers: 'getPapers',
  recallResults: 'recallResults',
  savePapers: 'savePapers',
  getPaper: 'getPaper',
  retryPaper: 'retryPaper',
  refreshPaper: 'refreshPaper',
  getCitation: 'getCitation',
  recallResult: 'recallResult',
  getSavedState: 'getSavedState',
  getSavedAmong: 'getSavedAmong',
  savePaper: 'savePaper',
  removeSaved: 'removeSaved',
  listSaved: 'listSaved',
  exportList: 'exportList',
  listRecommendations: 'listRecommendations',
  markNotRelevant: 'markNotRelevant',
  listDigests: 'listDigests',
  subscribeDigest: 'subscribeDigest',
  unsubscribeDigest: 'unsubscribeDigest',
  rotateDigestFeed: 'rotateDigestFeed',
  createAccount: 'createAccount',
  checkServer: 'checkServer',
});

export async function send(handler, payload = {}) {
  try {
    const reply = await chrome.runtime.sendMessage({ handler, ...payload });
    return reply ?? { ok: false, error: { code: 'no_reply', message: 'The extension did not answer; try again.' } };
  } catch (error) {
    return { ok: false, error: { code: 'extension_error', message: String(error?.message ?? error) } };
  }
}
