// The only module that knows chrome.storage keys. Settings (server address, account key) live in
// storage.local so they survive restarts; the last result per paper is kept there too, so the popup
// can still show it when the server is unreachable.

export const DEFAULT_API_BASE = 'http://127.0.0.1:8000';
export const DEFAULT_LIST = 'default';
const SETTINGS_KEY = 'settings';
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
  const { [SETTINGS_KEY]: stored } = await storage.get(SETTINGS_KEY);
  return migrate({ ...DEFAULTS, ...(stored ?? {}) });
}

/** Merges a partial update after validating it; throws an Error whose message names the field. */
export async function saveSettings(patch) {
  const next = { ...(await getSettings()), ...patch };
  next.apiBase = normaliseApiBase(next.apiBase);
  next.accountToken = String(next.accountToken ?? '').trim();
  next.listName = String(next.listName || DEFAULT_LIST).trim();
  await storage.set({ [SETTINGS_KEY]: next });
  return next;
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

/** Keeps the latest server document for a paper, with when it was received. */
export async function rememberResult(document) {
  if (!document?.paper_id) return;
  const results = await readResults();
  // Re-inserting moves the paper to the end, so key order is oldest-first for eviction.
  delete results[document.paper_id];
  results[document.paper_id] = { document, receivedAt: Date.now() };
  const ids = Object.keys(results);
  for (const stale of ids.slice(0, Math.max(0, ids.length - MAX_KEPT_RESULTS))) delete results[stale];
  await storage.set({ [RESULTS_KEY]: results });
}

/** {document, receivedAt} for a paper id, or null. */
export async function recallResult(paperId) {
  return (await readResults())[paperId] ?? null;
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

/** Calls back with the new settings whenever the options page changes them. */
export function onSettingsChanged(callback) {
  globalThis.chrome?.storage?.onChanged?.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) callback(changes[SETTINGS_KEY].newValue);
  });
}
