// The toolbar badge: a check mark on tabs whose paper is already in the reader's list. Updated
// from the address alone when a supported site loads, and by the popup after a save or lookup.
import * as api from './api.js';
import { detectPaper } from '../detectors/detect.js';
import { paperKey } from '../lib/paper-id.js';
import { getSettings } from '../lib/settings.js';

const SAVED_COLOR = '#15803d';

export async function showSaved(tabId, saved) {
  try {
    await chrome.action.setBadgeText({ tabId, text: saved ? '✓' : '' });
    if (saved) await chrome.action.setBadgeBackgroundColor({ tabId, color: SAVED_COLOR });
    await chrome.action.setTitle({ tabId, title: saved ? 'PaperGist: already saved (Alt+Shift+P)' : 'PaperGist (Alt+Shift+P)' });
  } catch {
    // The tab closed meanwhile; nothing to show.
  }
}

/** Asks the server whether this tab's paper is saved; quiet on every failure (it is only a hint). */
export async function refreshBadge(tab) {
  if (!tab?.id || !tab.url) return;
  const key = paperKey(detectPaper(tab.url)?.paper.ids);
  if (!key || !(await getSettings()).accountToken) return showSaved(tab.id, false);
  try {
    await showSaved(tab.id, (await api.getSaved(key)).saved);
  } catch {
    await showSaved(tab.id, false);
  }
}
