// One modal <dialog> for every dialog (add, rename, delete, setup key):
// focus moves into it, Escape closes it, focus returns where it was.

import { h, clear, setPhrasedText } from './dom.js';

let returnFocus = null;
let onClose = null;

function element() {
  return document.getElementById('dialog');
}

/** Opens the dialog with a title and body; returns the body container. */
export function openDialog(title, body, { onClosed } = {}) {
  const dialog = element();
  if (dialog.open) closeDialog();
  clear(dialog);
  returnFocus = document.activeElement;
  onClose = onClosed || null;
  const heading = h('h2', { id: 'dialog-title', text: title });
  dialog.setAttribute('aria-labelledby', 'dialog-title');
  dialog.append(heading, body);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus], input, select, button:not(.dialog-close)');
  if (first) first.focus();
  return body;
}

/** Replaces the dialog's title. */
export function setDialogTitle(title) {
  const heading = document.getElementById('dialog-title');
  if (heading) setPhrasedText(heading, title);
}

export function closeDialog() {
  const dialog = element();
  if (dialog.open) dialog.close();
}

export function dialogOpen() {
  return element().open;
}

export function initDialog() {
  element().addEventListener('close', () => {
    // A dialog reopened before this queued event ran: it is not closed.
    if (element().open) return;
    const callback = onClose;
    onClose = null;
    clear(element());
    if (callback) callback();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  });
}
