// Modal dialogs on the native <dialog> element (focus trap, Escape and inert background come
// from the browser). A dialog stays open while its submit fails and shows the server's reason.
// While a submit is on its way the dialog cannot be cancelled: the request may still succeed, and
// its result must reach the page rather than be reported as "cancelled".

import { h, icon, toast } from './dom.js';

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
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => dismiss() }, icon('close'))),
      description ? h('p', { class: 'dialog-description', text: description }) : null,
      h('div', { class: 'dialog-body' }, fields),
      error,
      h('footer', { class: 'dialog-footer' },
        h('div', { class: 'dialog-footer-start' }, extraActions),
        cancel, submit));
    const dialog = h('dialog', { class: `dialog${wide ? ' dialog-wide' : ''}`, 'aria-label': title, dataset: testId ? { dialog: testId } : {} }, form);
    let result = null;
    let saving = null; // the submit in flight: resolves true when it succeeded
    const dismiss = () => { if (!saving) dialog.close(); };
    cancel.addEventListener('click', dismiss);
    // Escape: refused while saving. The browser may still close a dialog on a repeated Escape;
    // then the 'close' handler below waits for the save instead of reporting a cancel.
    dialog.addEventListener('cancel', event => { if (saving) event.preventDefault(); });
    const save = async () => {
      try {
        result = (await onSubmit(form)) ?? true;
        return true;
      } catch (e) {
        const message = e.message || 'Something went wrong.';
        if (!dialog.open) toast(message); // closed meanwhile: nowhere else to say it
        error.textContent = message;
        error.hidden = false;
        error.focus?.();
        return false;
      }
    };
    form.addEventListener('submit', async event => {
      event.preventDefault();
      if (saving) return;
      error.hidden = true;
      submit.classList.add('is-busy');
      for (const button of [submit, cancel]) button.disabled = true;
      saving = save();
      const saved = await saving;
      saving = null;
      for (const button of [submit, cancel]) button.disabled = false;
      submit.classList.remove('is-busy');
      if (saved && dialog.open) dialog.close();
    });
    dialog.addEventListener('close', async () => {
      dialog.remove();
      const saved = saving ? await saving : result !== null;
      resolve(saved ? result : null);
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
  // an element without an id has id "" (not null): fall through to a fresh one, or the label points nowhere
  const controlId = id || control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = controlId;
  const hintEl = hint ? h('div', { class: 'field-hint', id: `${controlId}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: controlId, text: label }), control, hintEl);
}
