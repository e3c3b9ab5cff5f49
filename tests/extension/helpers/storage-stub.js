// An in-memory chrome.storage.local (get/set with the same shapes) so settings run under node.
// The real storage is exercised by the Playwright tests in the browser.
export function memoryStorage(initial = {}) {
  const data = structuredClone(initial);
  return {
    data,
    async get(keys) {
      const wanted = keys === null || keys === undefined ? Object.keys(data) : [].concat(keys);
      return Object.fromEntries(wanted.filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
  };
}
