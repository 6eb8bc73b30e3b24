// Create and edit an opportunity. Create sends an Idempotency-Key fixed for the dialog, so a
// double submit or a retry after a lost response never makes two deals. Edit sends If-Match with
// the version it was opened on, so it cannot silently overwrite someone else's change.

import { opportunitiesApi, unwrap, ApiError } from './api.js';
import { field, formDialog, confirmDialog } from './dialogs.js';
import { h } from './dom.js';
import { formatDateTime, formatDuration } from './format.js';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'INR', 'BRL', 'MXN', 'SGD', 'NZD'];
const LAST_CURRENCY = 'drippulse.lastCurrency';

function controls(pipeline, values) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off', autofocus: true, value: values.name ?? '' });
  const amount = h('input', { name: 'amount', inputmode: 'decimal', autocomplete: 'off', placeholder: '0.00', value: values.amount ?? '' });
  const currency = h('input', { name: 'currency', list: 'currency-codes', maxlength: '3', autocomplete: 'off', class: 'input-currency', value: values.currency ?? '' });
  const datalist = h('datalist', { id: 'currency-codes' }, CURRENCIES.map(code => h('option', { value: code })));
  const stage = h('select', { name: 'pipeline_stage_id' },
    pipeline.stages.map(s => h('option', { value: s.id, selected: s.id === values.stageId, text: s.name })));
  const closeDate = h('input', { name: 'expected_close_date', type: 'date', value: values.expected_close_date ?? '' });
  const description = h('textarea', { name: 'description', rows: '3', maxlength: '10000' });
  description.value = values.description ?? '';
  currency.addEventListener('input', () => { currency.value = currency.value.toUpperCase(); });
  return {
    elements: { name, amount, currency, stage, closeDate, description },
    fields: [
      field('Name', name),
      h('div', { class: 'field-row' }, field('Amount', amount), field('Currency', currency), datalist),
      h('div', { class: 'field-row' }, field('Stage', stage), field('Expected close', closeDate)),
      field('Description', description),
    ],
  };
}

function read({ name, amount, currency, stage, closeDate, description }) {
  const trimmedName = name.value.trim();
  if (!trimmedName) {
    name.focus();
    throw new Error('Give the opportunity a name.');
  }
  const amountText = amount.value.trim().replace(/[,\s]/g, '');
  if (amountText && !/^\d+(\.\d+)?$/.test(amountText)) {
    amount.focus();
    throw new Error('The amount must be a number such as 1250.50.');
  }
  const code = currency.value.trim().toUpperCase();
  if (amountText && !/^[A-Z]{3}$/.test(code)) {
    currency.focus();
    throw new Error('The currency must be a three-letter code such as USD or EUR.');
  }
  const body = {
    name: trimmedName,
    pipeline_stage_id: stage.value,
    expected_close_date: closeDate.value || null,
    description: description.value.trim() || null,
  };
  body.amount = amountText || null;
  if (code) body.currency = code;
  return body;
}

export function createOpportunityDialog(pipeline, { stageId } = {}) {
  const idempotencyKey = crypto.randomUUID();
  const defaultStage = stageId ?? pipeline.stages.find(s => s.is_unassigned)?.id ?? pipeline.stages[0]?.id;
  const { elements, fields } = controls(pipeline, {
    stageId: defaultStage,
    currency: localStorage.getItem(LAST_CURRENCY) ?? 'USD',
  });
  return formDialog({
    title: 'New opportunity',
    fields,
    submitLabel: 'Create opportunity',
    testId: 'opportunity',
    onSubmit: async () => {
      const body = read(elements);
      body.pipeline_id = pipeline.id;
      if (body.currency) localStorage.setItem(LAST_CURRENCY, body.currency);
      return unwrap(await opportunitiesApi.create(body, idempotencyKey), 'opportunity');
    },
  });
}

// Resolves to {action: 'updated', opportunity} | {action: 'deleted'} | null.
export async function editOpportunityDialog(pipeline, id) {
  const history = opportunitiesApi.history(id);
  history.catch(() => {}); // reported in the dialog's history section, not as a failure to open
  const response = await opportunitiesApi.get(id);
  const current = unwrap(response.data, 'opportunity');
  const etag = response.etag ?? (current.version != null ? `"${current.version}"` : null);
  const { elements, fields } = controls(pipeline, {
    ...current,
    stageId: current.pipeline_stage_id,
  });
  let deleted = false;
  const deleteButton = h('button', { type: 'button', class: 'button button-ghost-danger', text: 'Delete' });
  const result = formDialog({
    title: `Edit ${current.name}`,
    description: `${current.public_id} · created ${new Date(current.created_at).toLocaleDateString()}`,
    fields: [...fields, historySection(history)],
    extraActions: [deleteButton],
    testId: 'opportunity',
    onSubmit: async () => {
      const body = read(elements);
      const change = {};
      for (const [key, value] of Object.entries(body)) {
        if (!sameValue(current[key], value)) change[key] = value;
      }
      if (Object.keys(change).length === 0) return { action: 'unchanged', opportunity: current };
      try {
        return { action: 'updated', opportunity: unwrap(await opportunitiesApi.update(current.id, change, etag), 'opportunity') };
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          throw new Error('Someone else changed this opportunity since you opened it. Close this dialog to see their change, then edit again.');
        }
        throw e;
      }
    },
  });
  deleteButton.addEventListener('click', async () => {
    const confirmed = await confirmDialog({
      title: 'Delete opportunity?',
      message: `“${current.name}” (${current.public_id}) will be moved to the trash. You can undo this.`,
      confirmLabel: 'Delete opportunity',
      onConfirm: () => opportunitiesApi.remove(current.id),
    });
    if (confirmed) {
      deleted = true;
      deleteButton.closest('dialog')?.close();
    }
  });
  const outcome = await result;
  if (deleted) return { action: 'deleted', opportunity: current };
  return outcome;
}

// Where the deal has been, newest first: stage, when it entered, how long it stayed, who moved it.
function historySection(entries) {
  const list = h('ol', { class: 'history-list', 'aria-busy': 'true' }, h('li', { class: 'history-loading muted', text: 'Loading…' }));
  const section = h('section', { class: 'history', 'aria-labelledby': 'history-title' },
    h('h3', { class: 'history-title', id: 'history-title', text: 'Stage history' }), list);
  entries.then(items => {
    const rows = [...(Array.isArray(items) ? items : [])].reverse().map(entry => h('li', { class: 'history-entry' },
      h('div', { class: 'history-stage', text: entry.stage_name }),
      h('div', { class: 'history-meta' },
        h('time', { datetime: entry.entered_at, text: formatDateTime(entry.entered_at) }),
        ` · ${entry.exited_at ? formatDuration(entry.seconds_in_stage) : `${formatDuration(entry.seconds_in_stage)} so far`}`,
        entry.moved_by ? ` · by ${entry.moved_by.startsWith('api_key:') ? 'an API key' : entry.moved_by}` : '')));
    list.replaceChildren(...(rows.length ? rows : [h('li', { class: 'muted', text: 'No stage changes recorded.' })]));
  }, e => {
    list.replaceChildren(h('li', { class: 'history-error', role: 'alert', text: `Could not load the stage history: ${e.message}` }));
  }).finally(() => list.setAttribute('aria-busy', 'false'));
  return section;
}

function sameValue(a, b) {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a !== null && b !== null && /^\d+(\.\d+)?$/.test(String(a)) && /^\d+(\.\d+)?$/.test(String(b))) {
    return decimal(a) === decimal(b);
  }
  return (a ?? '') === (b ?? '');
}

// "1250.5000" and "1250.50" are the same amount; "1000" keeps its zeros.
function decimal(value) {
  const text = String(value).replace(/^0+(?=\d)/, '');
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
