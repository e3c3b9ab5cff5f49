// Options: the server address (asking for host permission when it is not one we ship with) and the
// account key, which can be shown, copied, pasted from another device, or created.
import { MSG, send } from '../lib/messages.js';
import { apiHostPattern, getSettings, normaliseApiBase, saveSettings } from '../lib/settings.js';

const $ = (id) => document.getElementById(id);

function say(id, text, ok) {
  $(id).textContent = text;
  $(id).className = ok ? 'ok' : 'bad';
}

async function load() {
  const settings = await getSettings();
  $('api-base').value = settings.apiBase;
  $('account-token').value = settings.accountToken;
}

// The shipped manifest covers 127.0.0.1 and localhost; any other server is an optional permission
// asked for here, while the click that saves it still counts as a user gesture.
async function ensureHostPermission(apiBase) {
  const origins = [apiHostPattern(apiBase)];
  if (await chrome.permissions.contains({ origins })) return true;
  return chrome.permissions.request({ origins });
}

$('server-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  let apiBase;
  try {
    apiBase = normaliseApiBase($('api-base').value);
  } catch (error) {
    return say('server-status', error.message, false);
  }
  if (!(await ensureHostPermission(apiBase))) {
    return say('server-status', `Not saved: PaperGist needs permission to reach ${apiBase}.`, false);
  }
  await saveSettings({ apiBase });
  $('api-base').value = apiBase;
  say('server-status', `Saved. PaperGist will use ${apiBase}.`, true);
});

$('test-server').addEventListener('click', async () => {
  let apiBase;
  try {
    apiBase = normaliseApiBase($('api-base').value);
  } catch (error) {
    return say('server-status', error.message, false);
  }
  const reply = await send(MSG.checkServer, { apiBase });
  say('server-status', reply.ok ? `${apiBase} answers.` : reply.error.message, reply.ok);
});

$('show-token').addEventListener('click', () => {
  const field = $('account-token');
  const show = field.type === 'password';
  field.type = show ? 'text' : 'password';
  $('show-token').textContent = show ? 'Hide' : 'Show';
  $('show-token').setAttribute('aria-pressed', String(show));
});

$('copy-token').addEventListener('click', async () => {
  const token = $('account-token').value;
  if (!token) return say('account-status', 'No key yet: create an account or save a paper first.', false);
  try {
    await navigator.clipboard.writeText(token);
    say('account-status', 'Key copied.', true);
  } catch {
    $('account-token').type = 'text';
    $('account-token').select();
    say('account-status', 'Could not copy automatically; the key is selected, press Ctrl+C.', false);
  }
});

$('account-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('account-token').value.trim();
  if (token && !/^[\w.~+/=-]{8,}$/.test(token)) {
    return say('account-status', 'That does not look like a PaperGist key (letters, digits and - _ . ~ + / =, at least 8).', false);
  }
  await saveSettings({ accountToken: token });
  say('account-status', token ? 'Key saved; My papers now shows its list.' : 'Key removed from this device.', true);
});

$('create-account').addEventListener('click', async () => {
  if ($('account-token').value && !confirm('Replace the current key? Copy it first if you want to keep its list.')) return;
  const reply = await send(MSG.createAccount);
  if (!reply.ok) return say('account-status', reply.error.message, false);
  $('account-token').value = reply.data.token;
  say('account-status', 'New account created and its key saved.', true);
});

load();
