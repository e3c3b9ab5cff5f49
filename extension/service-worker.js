// Top-level listeners only (MV3 wakes the worker for events registered synchronously here);
// the work happens in background/handlers.js and background/badge.js.
import { dispatch } from './background/handlers.js';
import { refreshBadge } from './background/badge.js';

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  dispatch(message).then(sendResponse);
  return true;
});

chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete') refreshBadge(tab);
});

chrome.tabs.onActivated.addListener(({ tabId }) => {
  chrome.tabs.get(tabId).then(refreshBadge, () => {});
});
