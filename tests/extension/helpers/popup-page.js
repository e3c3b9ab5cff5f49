// The real popup page under node (linkedom), without its script, and a stand-in for the service
// worker: each message is recorded in `background.sent` and answered from `background.answers`.
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

const POPUP_HTML = readFileSync(new URL('../../../extension/popup/popup.html', import.meta.url), 'utf8');

export const background = { sent: [], answers: {} };
globalThis.chrome = {
  runtime: { sendMessage: async (message) => { background.sent.push(message); return background.answers[message.handler]; } },
};

/** A fresh popup page as the global `document`, with no message recorded yet. */
export function openPopupPage() {
  ({ document: globalThis.document, Node: globalThis.Node } = parseHTML(POPUP_HTML));
  background.sent.length = 0;
}
