// The only caller of the PaperGist API. Every failure becomes an ApiError with a short code and a
// message a researcher can act on; callers never see a raw fetch or HTTP error.
import { getSettings } from '../lib/settings.js';

const REQUEST_TIMEOUT_MS = 10000;
// An import's upload may be 78 MiB: time enough for it on a slow uplink.
const UPLOAD_TIMEOUT_MS = 600000;
// A busy server (503: receiving as many large imports as it takes at once) is asked again this often.
const UPLOAD_ATTEMPTS = 10;
// How often an export job is asked whether its file is ready.
const EXPORT_POLL_MS = 1000;
// GET /api/v1/saved answers about at most this many papers at once.
const SAVED_LOOKUP_MAX = 100;
// POST /api/v1/papers/batch and GET /api/v1/papers take at most this many papers.
const BATCH_MAX = 100;

export class ApiError extends Error {
  constructor(code, message, { status = 0, details = null, retryAfter = null } = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

const encode = (paperId) => encodeURIComponent(paperId);
const listPath = (list) => `/api/v1/lists/${encodeURIComponent(list)}`;

export async function submitPaper(paper) {
  return (await request('POST', '/api/v1/papers', { body: paper })).data;
}

/** A listing page's papers (up to 100) in one request: {documents}, in the order sent, each a
 * paper document or {error} for an entry the server refused. */
export async function submitPapers(papers) {
  return (await request('POST', '/api/v1/papers/batch', { body: { papers: papers.slice(0, BATCH_MAX) } })).data;
}

/** {documents, etag} for up to 100 papers, in the order asked; documents is null on a 304. */
export async function fetchPapers(paperIds, etag = '') {
  const query = new URLSearchParams(paperIds.slice(0, BATCH_MAX).map((id) => ['paper_id', id]));
  const reply = await request('GET', `/api/v1/papers?${query}`, { etag });
  return { documents: reply.status === 304 ? null : reply.data.documents, etag: reply.etag || etag };
}

/** {document, etag}; document is null when the server answered 304 to our If-None-Match. */
export async function fetchPaper(paperId, etag = '') {
  const reply = await request('GET', `/api/v1/papers/${encode(paperId)}`, { etag });
  return { document: reply.status === 304 ? null : reply.data, etag: reply.etag || etag };
}

export async function retryPaper(paperId) {
  return (await request('POST', `/api/v1/papers/${encode(paperId)}/retry`)).data;
}

/** The named parts ('summary', 'related') computed again, done ones too: 202 with the document. */
export async function refreshPaper(paperId, parts = ['related']) {
  return (await request('POST', `/api/v1/papers/${encode(paperId)}/refresh`, { body: { parts } })).data;
}

/** One paper's citation as text in a format the server knows (422 otherwise); no account needed. */
export async function fetchCitation(paperId, format) {
  const path = `/api/v1/papers/${encode(paperId)}/citation?format=${encodeURIComponent(format)}`;
  return (await request('GET', path, { asText: true })).data;
}

export async function createAccount() {
  return (await request('POST', '/api/v1/accounts')).data;
}

/** {saved, lists}: whether the paper is saved, and the names of the lists it is in. */
export async function getSaved(paperId) {
  const { saved, lists } = (await request('GET', `/api/v1/saved/${encode(paperId)}`, { auth: true })).data;
  return { saved, lists };
}

/** Which of paperIds are saved (in any list), asked in one request; the ids come back as given. */
export async function getSavedAmong(paperIds) {
  const ids = paperIds.slice(0, SAVED_LOOKUP_MAX);
  if (!ids.length) return [];
  const query = new URLSearchParams(ids.map((id) => ['paper_id', id]));
  const data = (await request('GET', `/api/v1/saved?${query}`, { auth: true })).data;
  const states = data.items;  // one per id asked, in the same order
  return ids.filter((_, i) => states[i].saved);
}

export async function putListItem(list, paperId, item) {
  const path = `${listPath(list)}/items/${encode(paperId)}`;
  return (await request('PUT', path, { body: item, auth: true })).data;
}

export async function deleteListItem(list, paperId) {
  await request('DELETE', `${listPath(list)}/items/${encode(paperId)}`, { auth: true });
}

export async function listItems(list, { tag = '', page = 1 } = {}) {
  const query = new URLSearchParams({ ...(tag && { tag }), page: String(page) });
  return (await request('GET', `${listPath(list)}/items?${query}`, { auth: true })).data;
}

/**
 * The list as a file: {text, mime, filename}, the media type and name the server gives it
 * (Content-Type and Content-Disposition). The server also checks the format: 422 names the known ones.
 * A large list is written by a job (202 with its Location): polled until done, then fetched;
 * onProgress, when given, hears each state of the job.
 */
export async function exportList(list, format, onProgress = () => {}) {
  const path = `${listPath(list)}/export?format=${encodeURIComponent(format)}`;
  let reply = await request('GET', path, { auth: true, asText: true });
  if (reply.status === 202) {
    const location = reply.headers.get('Location');
    let job = JSON.parse(reply.data);
    while (job.status === 'queued' || job.status === 'running') {
      onProgress(job);
      await sleep(EXPORT_POLL_MS);
      job = (await request('GET', location, { auth: true })).data;
    }
    if (job.status === 'failed') throw new ApiError('export_failed', `The export failed: ${job.error}`);
    reply = await request('GET', `${location}/file`, { auth: true, asText: true });
  }
  const filename = /filename="([^"]+)"/.exec(reply.headers.get('Content-Disposition') ?? '')?.[1];
  if (!filename) throw new ApiError('bad_response', 'The server sent the export without a file name (Content-Disposition).');
  return { text: reply.data, mime: reply.headers.get('Content-Type'), filename };
}

/**
 * Send a file (a File, Blob or string) to be imported into the list: the server stores it and
 * answers at once with the import's record ({id, status, phase, ...}), which importStatus()
 * follows. While the server is receiving as many large files as it takes (503), the upload is
 * sent again after its Retry-After. 409: another import of this account is running; the
 * error's details.import is that one's record.
 */
export async function importList(list, format, file) {
  const path = `${listPath(list)}/import?format=${encodeURIComponent(format)}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await request('POST', path, { rawBody: file, contentType: 'text/plain', auth: true, timeoutMs: UPLOAD_TIMEOUT_MS })).data;
    } catch (error) {
      if (error.status !== 503 || attempt >= UPLOAD_ATTEMPTS) throw error;
      await sleep(1000 * (error.retryAfter ?? 2));
    }
  }
}

/** Where an import stands: {status, phase, entries, processed, imported, updated, errors, error}. */
export async function importStatus(list, importId) {
  return (await request('GET', `${listPath(list)}/imports/${encodeURIComponent(importId)}`, { auth: true })).data;
}

export async function listRecommendations(list) {
  return (await request('GET', `${listPath(list)}/recommendations`, { auth: true })).data;
}

export async function sendFeedback(list, paperId, relevant) {
  return (await request('POST', `${listPath(list)}/feedback`, { body: { paper_id: paperId, relevant }, auth: true })).data;
}

/** The account's lists: [{name, count, created_at}], `default` first. */
export async function listLists() {
  return (await request('GET', '/api/v1/lists', { auth: true })).data.lists;
}

/** A list's daily digest: {subscribed, feed_url, email, trending, latest}. */
export async function getDigest(list) {
  return (await request('GET', `${listPath(list)}/digest`, { auth: true })).data;
}

/** Subscribe the list to its daily digest, or change {email, trending}; the new state. */
export async function putDigest(list, body) {
  return (await request('PUT', `${listPath(list)}/digest`, { body, auth: true })).data;
}

export async function deleteDigest(list) {
  await request('DELETE', `${listPath(list)}/digest`, { auth: true });
}

/** A new secret feed address; the old one stops working. The new state. */
export async function rotateDigestFeed(list) {
  return (await request('POST', `${listPath(list)}/digest/token`, { auth: true })).data;
}

/** Any HTTP answer at all means the server is reachable. */
export async function pingServer(apiBase) {
  await request('GET', '/healthz', { apiBase, anyStatus: true });
}

async function request(method, path, options = {}) {
  const settings = await getSettings();
  const apiBase = options.apiBase ?? settings.apiBase;
  const headers = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.rawBody !== undefined) headers['Content-Type'] = options.contentType;
  if (options.etag) headers['If-None-Match'] = options.etag;
  // Without a key the request still goes out; the server's 401 then becomes no_account.
  if (options.auth && settings.accountToken) headers.Authorization = `Bearer ${settings.accountToken}`;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let response;
  try {
    response = await fetch(apiBase + path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error?.name === 'TimeoutError';
    throw new ApiError('unreachable', timedOut
      ? `The PaperGist server at ${apiBase} did not answer within ${timeoutMs / 1000} s.`
      : `Can't reach the PaperGist server at ${apiBase}. Is it running?`);
  }
  if (response.ok || response.status === 304 || options.anyStatus) {
    const data = response.status === 204 || response.status === 304 ? null
      : options.asText ? await response.text() : await readJson(response);
    return { status: response.status, data, etag: response.headers.get('ETag'), headers: response.headers };
  }
  throw await errorFrom(response, { ...options, hasKey: Boolean(settings.accountToken) });
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_response', `The server sent something that is not JSON (HTTP ${response.status}).`);
  }
}

async function errorFrom(response, options) {
  let envelope = null;
  try {
    envelope = (await response.json())?.error ?? null;
  } catch {
    // Not our JSON envelope (a proxy's HTML page, say): fall through to the status-based message.
  }
  const status = response.status;
  if (status === 503) {
    const header = response.headers.get('Retry-After');
    const retryAfter = header === null ? null : Number(header);
    return new ApiError(envelope?.code || 'unavailable', envelope?.message || 'The server is busy or its cache is down; try again shortly.', { status, retryAfter });
  }
  if ((status === 401 || status === 403) && !options.hasKey) {
    return new ApiError('no_account', 'No account key yet: save a paper, or paste your key in the options.', { status });
  }
  if (status === 401 || status === 403) {
    return new ApiError('bad_account', envelope?.message || 'The server did not accept the account key; check it in the options.', { status });
  }
  const message = envelope?.message || `The server answered HTTP ${status}.`;
  return new ApiError(envelope?.code || `http_${status}`, message, { status, details: envelope?.details ?? null });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
