// Pipeline management: create (a copy of the org default's stages), rename, edit stages, set as
// my default, delete. The server decides what is allowed; its refusals are put in plain words.

import { pipelinesApi, unwrap, ApiError } from './api.js';
import { field, formDialog, confirmDialog } from './dialogs.js';
import { h, icon } from './dom.js';

export function createPipelineDialog() {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off', autofocus: true });
  return formDialog({
    title: 'New pipeline',
    description: 'The new pipeline starts with a copy of the organization’s default stages. Only you can change it.',
    fields: [field('Pipeline name', name)],
    submitLabel: 'Create pipeline',
    testId: 'pipeline-create',
    onSubmit: async () => {
      if (!name.value.trim()) throw new Error('Give the pipeline a name.');
      return unwrap(await pipelinesApi.create(name.value.trim()), 'pipeline');
    },
  });
}

export function renamePipelineDialog(pipeline) {
  const name = h('input', { name: 'name', required: true, maxlength: '200', autocomplete: 'off', autofocus: true, value: pipeline.name });
  return formDialog({
    title: 'Rename pipeline',
    fields: [field('Pipeline name', name)],
    submitLabel: 'Rename',
    testId: 'pipeline-rename',
    onSubmit: async () => {
      if (!name.value.trim()) throw new Error('Give the pipeline a name.');
      return unwrap(await pipelinesApi.update(pipeline.id, { name: name.value.trim() }), 'pipeline');
    },
  });
}

export function deletePipelineDialog(pipeline) {
  return confirmDialog({
    title: 'Delete pipeline?',
    message: `“${pipeline.name}” and its stages will be deleted. A pipeline that still holds opportunities cannot be deleted.`,
    confirmLabel: 'Delete pipeline',
    onConfirm: async () => {
      try {
        await pipelinesApi.remove(pipeline.id);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) {
          throw new Error(`“${pipeline.name}” still holds opportunities. Move or delete them first, then delete the pipeline.`);
        }
        throw e;
      }
    },
  });
}

// The stage editor. Saving sends the full desired list; stages left out are removed by the server. A
// removed stage that holds deals gets "move its N deals to …" (reassign); without counts (a filtered
// board) the server's 409 still explains a stage that is not empty.
export function editStagesDialog(pipeline, counts) {
  const rows = pipeline.stages.map(s => ({ ...s }));
  const list = h('ol', { class: 'stage-editor', 'aria-label': 'Stages in order' });
  // removed stages that hold deals, each with the kept stage its deals move to ("reassign")
  const removedWithDeals = [];
  const reassignBox = h('div', { class: 'stage-reassign', dataset: { testid: 'stage-reassign' } });

  const render = (focusSelector) => {
    list.replaceChildren(...rows.map((stage, index) => stageRow(stage, index)));
    renderReassign();
    if (focusSelector) list.querySelector(focusSelector)?.focus();
  };

  const renderReassign = () => {
    const targets = rows.filter(r => r.id);
    reassignBox.replaceChildren(...removedWithDeals.map(removed => {
      if (!targets.some(t => t.id === removed.target)) removed.target = targets[0]?.id;
      const n = counts?.get(removed.id);
      const select = h('select', { class: 'stage-reassign-target', 'aria-label': `Stage for the deals of ${removed.name}`, dataset: { reassign: removed.id } },
        targets.map(t => h('option', { value: t.id, selected: t.id === removed.target, text: t.name || 'Unnamed stage' })));
      select.addEventListener('change', () => { removed.target = select.value; });
      return h('p', { class: 'stage-reassign-row' },
        h('span', { text: `“${removed.name}” is removed: move its ${n} deal${n === 1 ? '' : 's'} to ` }), select);
    }));
  };

  const stageRow = (stage, index) => {
    const key = stage.id ?? stage.tempId;
    const name = h('input', { class: 'stage-name', value: stage.name, maxlength: '200', 'aria-label': `Stage ${index + 1} name`, dataset: { key } });
    name.addEventListener('input', () => { stage.name = name.value; });
    const probability = h('input', { class: 'stage-probability', type: 'number', min: '0', max: '100', step: '1', value: String(stage.probability ?? 0), 'aria-label': `${stage.name || 'Stage'} win probability, percent` });
    probability.addEventListener('input', () => { stage.probability = probability.value === '' ? null : Number(probability.value); });
    // the org default's Unassigned stage is where deals without a stage land: it stays open
    const fixedKind = pipeline.is_org_default && stage.is_unassigned;
    const kind = h('select', { class: 'stage-kind', 'aria-label': `${stage.name || 'Stage'} kind`, disabled: fixedKind, title: fixedKind ? 'The default pipeline’s Unassigned stage stays open' : null },
      ['open', 'won', 'lost'].map(k => h('option', { value: k, selected: stage.kind === k, text: k === 'open' ? 'Open' : k === 'won' ? 'Won' : 'Lost' })));
    kind.addEventListener('change', () => { stage.kind = kind.value; });
    // rotting: after how many days in the stage an open deal is marked (empty: never)
    const rotting = h('input', { class: 'stage-rotting', type: 'number', min: '1', max: '3650', step: '1', placeholder: 'never',
      value: stage.rotting_days == null ? '' : String(stage.rotting_days), 'aria-label': `${stage.name || 'Stage'} rots after days`,
      title: 'Days in this stage after which an open deal is marked rotting (empty: never)' });
    rotting.addEventListener('input', () => { stage.rotting_days = rotting.value === '' ? null : Number(rotting.value); });
    const move = (delta, dir) => {
      const target = index + delta;
      if (target < 0 || target >= rows.length) return;
      [rows[index], rows[target]] = [rows[target], rows[index]];
      render(`[data-move="${dir}"][data-key="${key}"]`);
    };
    const up = h('button', { type: 'button', class: 'icon-button', 'aria-label': `Move ${stage.name || 'stage'} up`, disabled: index === 0, dataset: { move: 'up', key }, onclick: () => move(-1, 'up') }, icon('up'));
    const down = h('button', { type: 'button', class: 'icon-button', 'aria-label': `Move ${stage.name || 'stage'} down`, disabled: index === rows.length - 1, dataset: { move: 'down', key }, onclick: () => move(1, 'down') }, icon('down'));
    const held = counts?.get(stage.id);
    const remove = h('button', {
      type: 'button', class: 'icon-button danger', 'aria-label': `Remove ${stage.name || 'stage'}`,
      title: stage.is_unassigned ? 'Every pipeline keeps its Unassigned stage' : 'Remove stage',
      disabled: stage.is_unassigned, dataset: { remove: key },
      onclick: () => {
        rows.splice(index, 1);
        if (held) removedWithDeals.push({ id: stage.id, name: stage.name });
        render('.stage-name');
      },
    }, icon('trash'));
    return h('li', { class: 'stage-row', dataset: { key } },
      h('span', { class: 'stage-index', text: String(index + 1) }),
      name,
      h('span', { class: 'stage-prob-wrap' }, probability, h('span', { class: 'suffix', text: '%' })),
      kind,
      h('span', { class: 'stage-rot-wrap' }, rotting, h('span', { class: 'suffix', text: 'd' })),
      h('span', { class: 'stage-flags' },
        stage.is_unassigned ? h('span', { class: 'badge', text: 'Unassigned' }) : null,
        held ? h('span', { class: 'badge badge-muted', text: `${held} deal${held === 1 ? '' : 's'}` }) : null,
        !stage.id ? h('span', { class: 'badge badge-new', text: 'New' }) : null),
      up, down, remove);
  };

  const add = h('button', { type: 'button', class: 'button', dataset: { action: 'add-stage' } }, icon('plus'), 'Add stage');
  let temp = 0;
  add.addEventListener('click', () => {
    const tempId = `new-${++temp}`;
    rows.push({ tempId, name: '', probability: 10, kind: 'open', is_unassigned: false });
    render(`.stage-name[data-key="${tempId}"]`);
  });
  render();

  return formDialog({
    title: `Stages of ${pipeline.name}`,
    description: 'Stages appear as board columns in this order. Probability is the chance a deal in the stage is won; it weights forecasts.'
      + (pipeline.is_org_default ? ' This is the organization’s default pipeline: changes apply to everyone, and its Unassigned stage, where new deals start, stays.' : ''),
    fields: [list, add, reassignBox],
    submitLabel: 'Save stages',
    wide: true,
    testId: 'stages',
    onSubmit: async () => {
      const stages = rows.map(stage => {
        const name = (stage.name ?? '').trim();
        if (!name) throw new Error('Every stage needs a name.');
        const probability = Number(stage.probability);
        if (!Number.isInteger(probability) || probability < 0 || probability > 100) {
          throw new Error(`The probability of “${name}” must be a whole number from 0 to 100.`);
        }
        const rottingDays = stage.rotting_days ?? null;
        if (rottingDays !== null && (!Number.isInteger(rottingDays) || rottingDays < 1 || rottingDays > 3650)) {
          throw new Error(`“${name}” rots after a whole number of days from 1 to 3650, or leave it empty.`);
        }
        const item = { name, probability, kind: stage.kind, rotting_days: rottingDays };
        if (stage.id) item.id = stage.id;
        if (stage.is_unassigned) item.is_unassigned = true;
        return item;
      });
      try {
        const change = { stages };
        if (removedWithDeals.length) change.reassign = Object.fromEntries(removedWithDeals.map(r => [r.id, r.target]));
        return unwrap(await pipelinesApi.update(pipeline.id, change), 'pipeline');
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) throw new Error(stageConflictMessage(e, pipeline, rows, counts));
        throw e;
      }
    },
  });
}

// "Proposal still holds 3 opportunities" reads better than the raw conflict.
function stageConflictMessage(error, pipeline, rows, counts) {
  const kept = new Set(rows.map(r => r.id).filter(Boolean));
  const removed = pipeline.stages.filter(s => !kept.has(s.id));
  // details: [{"stage_id", "opportunities": n}] for each removed stage that still holds deals
  const held = new Map((error.details ?? []).filter(d => d?.stage_id).map(d => [d.stage_id, d.opportunities]));
  const blocking = removed.filter(s => held.size === 0 || held.has(s.id));
  const parts = (blocking.length ? blocking : removed).map(s => {
    const n = held.get(s.id) ?? counts?.get(s.id);
    return n ? `“${s.name}” still holds ${n} opportunit${n === 1 ? 'y' : 'ies'}` : `“${s.name}” still holds opportunities`;
  });
  const what = parts.length ? `${parts.join('; ')}.` : `${error.message}`;
  return `Stages were not changed: ${what} Move those deals to another stage first, then remove the stage.`;
}

export function setDefaultPipeline(pipeline) {
  return pipelinesApi.setDefault(pipeline.id);
}
