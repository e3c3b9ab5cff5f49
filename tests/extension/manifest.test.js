// The manifest's promises: least privilege, every supported site covered, one tree for
// Chrome, Edge and Firefox, and a shortcut that does not clash with Zotero's Ctrl+Shift+S.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SITES } from '../../extension/detectors/sites/index.js';

const manifest = JSON.parse(readFileSync(new URL('../../extension/manifest.json', import.meta.url), 'utf8'));

function covered(url) {
  const { protocol, hostname, pathname } = new URL(url);
  return manifest.host_permissions.some((pattern) => {
    const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
    const hostOk = host.startsWith('*.') ? hostname === host.slice(2) || hostname.endsWith(host.slice(1)) : hostname === host;
    const pathOk = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(pathname);
    return (scheme === '*' || `${scheme}:` === protocol) && hostOk && pathOk;
  });
}

test('least privilege: activeTab, scripting and storage; no all-sites host permission', () => {
  assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'scripting', 'storage']);
  assert.ok(!manifest.host_permissions.some((p) => p === '<all_urls>' || p.startsWith('*://*/') || p.startsWith('https://*/')));
  assert.ok(manifest.host_permissions.includes('http://127.0.0.1/*'), 'the default API origin');
});

test('every site-specific parser example is covered by a host permission (badge from the address)', () => {
  const specific = SITES.filter((s) => !s.matches(new URL('https://example.com/x')));
  for (const site of specific) for (const url of site.EXAMPLE_URLS) assert.ok(covered(url), `${site.SITE}: ${url}`);
});

test('one tree for Chrome and Firefox: service worker plus scripts, a gecko id and Firefox 140+', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.background.service_worker, 'service-worker.js');
  assert.deepEqual(manifest.background.scripts, ['service-worker.js']);
  assert.equal(manifest.background.type, 'module');
  assert.match(manifest.browser_specific_settings.gecko.id, /@/);
  assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, '140.0');
});

test('the popup opens with Alt+Shift+P, not Zotero\'s Ctrl+Shift+S', () => {
  assert.equal(manifest.commands._execute_action.suggested_key.default, 'Alt+Shift+P');
});
