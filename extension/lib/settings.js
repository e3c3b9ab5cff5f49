// The only module that knows chrome.storage keys. Settings (server address, account key) live in
// storage.local so they survive restarts; the last result per paper is kept there too, so the popup
// can still show it when the server is unreachable.

export const DEFAULT_API_BASE = 'http://127.0.0.1:8000';
export const DEFAULT_LIST = 'default';
// Version 1 kept every setting in one object under this key; it is still read, field keys win.
const LEGACY_SETTINGS_KEY = 'settings';
const FIELDS = ['apiBase', 'accountToken', 'listName'];
const fieldKey = (field) => `settings.${field}`;
const RESULTS_KEY = 'results';
const SCHEMA_VERSION = 1;
// Enough for weeks of reading; the oldest results are dropped first.
export const MAX_KEPT_RESULTS = 200;

const DEFAULTS = Object.freeze({
  schemaVersion: SCHEMA_VERSION,
  apiBase: DEFAULT_API_BASE,
  accountToken: '',
  listName: DEFAULT_LIST,
});

let storage = globalThis.chrome?.storage?.local;

/** Tests run outside a browser and hand in an object with the storage.local interface. */
export function useStorage(area) {
  storage = area;
}

export async function getSettings() {
  const stored = await storage.get([LEGACY_SETTINGS_KEY, ...FIELDS.map(fieldKey)]);
  const fields = Object.fromEntries(
    FIELDS.filter((field) => stored[fieldKey(field)] !== undefined).map((field) => [field, stored[fieldKey(field)]]),
  );
  return migrate({ ...DEFAULTS, ...(stored[LEGACY_SETTINGS_KEY] ?? {}), ...fields });
}

/**
 * Validates a partial update and stores only the fields it names; throws an Error whose message
 * names the field. Each setting is its own storage key, so two contexts saving different settings
 * at once (the options page a server address, the service worker a new account key) cannot undo
 * each other's write, as a read-modify-write of one settings object would.
 */
export async function saveSettings(patch) {
  const clean = {};
  if ('apiBase' in patch) clean.apiBase = normaliseApiBase(patch.apiBase);
  if ('accountToken' in patch) clean.accountToken = String(patch.accountToken ?? '').trim();
  if ('listName' in patch) clean.listName = String(patch.listName || DEFAULT_LIST).trim();
  await storage.set(Object.fromEntries(Object.entries(clean).map(([field, value]) => [fieldKey(field), value])));
  return getSettings();
}

/** "http://host:port/" -> "http://host:port"; anything that is not an http(s) origin is refused. */
export function normaliseApiBase(value) {
  let url;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    throw new Error(`Server address "${value}" is not a URL (expected e.g. ${DEFAULT_API_BASE})`);
  }
  if (!/^https?:$/.test(url.protocol)) {
    throw new Error(`Server address must start with http:// or https:// (got ${url.protocol})`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The host permission pattern that covers a server address, without its port: Firefox does not
 * accept a port in a match pattern (bug 1362809), so it never finds "http://127.0.0.1:8000/*"
 * granted and asks again; a pattern without one matches every port, in Chrome as in Firefox.
 */
export function apiHostPattern(apiBase) {
  const { protocol, hostname } = new URL(normaliseApiBase(apiBase));
  return `${protocol}//${hostname}/*`;
}

/** Keeps the latest server document for a paper, with when it was received. */
export async function rememberResult(document) {
  await rememberResults([document]);
}

/** Keeps several papers' documents (a listing's) in one storage write. */
export async function rememberResults(documents) {
  const kept = documents.filter((document) => document?.paper_id && document.paper);
  if (!kept.length) return;
  const results = await readResults();
  for (const document of kept) {
    // Re-inserting moves the paper to the end, so key order is oldest-first for eviction.
    delete results[document.paper_id];
    results[document.paper_id] = { document, receivedAt: Date.now() };
  }
  const ids = Object.keys(results);
  for (const stale of ids.slice(0, Math.max(0, ids.length - MAX_KEPT_RESULTS))) delete results[stale];
  await storage.set({ [RESULTS_KEY]: results });
}

/** {document, receivedAt} for a paper id, or null. */
export async function recallResult(paperId) {
  return (await readResults())[paperId] ?? null;
}

/** {paperId: document} for those of these papers that have a kept result. */
export async function recallResults(paperIds) {
  const results = await readResults();
  return Object.fromEntries(paperIds.filter((id) => results[id]).map((id) => [id, results[id].document]));
}

/** The kept result whose paper matches any of these ids (the popup knows ids before the key). */
export async function recallResultByIds(ids) {
  const results = Object.values(await readResults());
  const same = (doc) => Object.entries(ids ?? {}).some(([kind, value]) => value && doc.paper?.ids?.[kind] === value);
  const matching = results.filter((r) => same(r.document)).sort((a, b) => b.receivedAt - a.receivedAt);
  return matching[0] ?? null;
}

async function readResults() {
  const { [RESULTS_KEY]: results } = await storage.get(RESULTS_KEY);
  return results ?? {};
}

// Versioned upgrades of stored settings go here, oldest first.
function migrate(settings) {
  return { ...settings, schemaVersion: SCHEMA_VERSION };
}
