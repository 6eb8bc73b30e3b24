// Modal dialogs on the native <dialog> element (focus trap, Escape and inert background come
// from the browser). A dialog stays open while its submit fails and shows the server's reason.

import { h, icon } from './dom.js';

// Opens a form dialog. onSubmit(form) may throw; its message is shown and the dialog stays open.
// Resolves with onSubmit's result, or null when cancelled.
export function formDialog({ title, description, fields, submitLabel = 'Save', danger = false, extraActions = [], wide = false, testId, onSubmit }) {
  return new Promise(resolve => {
    const error = h('div', { class: 'form-error', role: 'alert', hidden: true });
    const submit = h('button', { type: 'submit', class: `button ${danger ? 'button-danger' : 'button-primary'}`, text: submitLabel });
    const cancel = h('button', { type: 'button', class: 'button', text: 'Cancel', value: 'cancel' });
    const form = h('form', { class: 'dialog-form', method: 'dialog', novalidate: true },
      h('header', { class: 'dialog-header' },
        h('h2', { class: 'dialog-title', text: title }),
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => dialog.close() }, icon('close'))),
      description ? h('p', { class: 'dialog-description', text: description }) : null,
      h('div', { class: 'dialog-body' }, fields),
      error,
      h('footer', { class: 'dialog-footer' },
        h('div', { class: 'dialog-footer-start' }, extraActions),
        cancel, submit));
    const dialog = h('dialog', { class: `dialog${wide ? ' dialog-wide' : ''}`, 'aria-label': title, dataset: testId ? { dialog: testId } : {} }, form);
    let result = null;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      submit.classList.add('is-busy');
      try {
        result = (await onSubmit(form)) ?? true;
        dialog.close();
      } catch (e) {
        error.textContent = e.message || 'Something went wrong.';
        error.hidden = false;
        error.focus?.();
      } finally {
        submit.disabled = false;
        submit.classList.remove('is-busy');
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result ?? null);
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = form.querySelector('[autofocus]') ?? form.querySelector('input, select, textarea');
    first?.focus();
  });
}

export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true, onConfirm }) {
  return formDialog({
    title,
    fields: h('p', { class: 'confirm-text', text: message }),
    submitLabel: confirmLabel,
    danger,
    testId: 'confirm',
    onSubmit: async () => (await onConfirm()) ?? true,
  });
}

export function field(label, control, { hint, id } = {}) {
  const controlId = id ?? control.id ?? `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = controlId;
  const hintEl = hint ? h('div', { class: 'field-hint', id: `${controlId}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: controlId, text: label }), control, hintEl);
}
