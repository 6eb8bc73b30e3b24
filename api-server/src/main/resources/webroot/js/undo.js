// "Deleted · Undo": a deleted opportunity is in the trash, and the toast that says so brings it back.
import { h, icon } from './dom.js';

const UNDO_MS = 10000;

export function deletedToast(name, onUndo) {
  const box = document.getElementById('toasts');
  const undo = h('button', { class: 'toast-action', type: 'button', dataset: { testid: 'undo-delete' }, text: 'Undo' });
  const close = h('button', { class: 'icon-button', 'aria-label': 'Dismiss', type: 'button' }, icon('close'));
  const item = h('div', { class: 'toast toast-success', dataset: { kind: 'deleted' } },
    h('span', { class: 'toast-text', text: `Deleted “${name}” · ` }), undo, close);
  close.addEventListener('click', () => item.remove());
  undo.addEventListener('click', async () => {
    undo.disabled = true;
    item.remove();
    await onUndo();
  });
  box.append(item);
  setTimeout(() => item.remove(), UNDO_MS);
  return item;
}
