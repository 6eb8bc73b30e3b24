// CRM → Opportunities: pipeline picker, search, board/list switch, and every action on deals and
// pipelines. Each action goes through the JSON API, then the affected data is re-read; a failure
// is rolled back and said out loud (toast + live region), never swallowed.

import { pipelinesApi, opportunitiesApi } from './api.js';
import { h, icon, clear, announce, toast, debounce } from './dom.js';
import { formatTotals, plural } from './format.js';
import { BoardData, sumTotals } from './board-data.js';
import { BoardView } from './board.js';
import { ListView, SORT_KEYS } from './list.js';
import { showMenu } from './menu.js';
import { confirmDialog } from './dialogs.js';
import { deletedToast } from './undo.js';
import { createOpportunityDialog, editOpportunityDialog } from './opportunity-dialog.js';
import { showPipelineMenu } from './pipeline-menu.js';
import { LiveBoard, liveIndicator } from './live.js';

export class OpportunitiesPage {
  constructor(main, { identity, navToggle }) {
    this.main = main;
    this.identity = identity;
    this.navToggle = navToggle;
    this.pipelines = [];
    this.defaultPipelineId = null;
    const params = readHash();
    this.pipelineId = params.get('pipeline');
    this.view = params.get('view') === 'list' ? 'list' : 'board';
    this.q = params.get('q') ?? '';
    this.sort = SORT_KEYS.includes(params.get('sort')) ? params.get('sort') : null; // the list's column sort; null is board order
    this.data = null;
    this.viewer = null;
    this.renderFrame();
  }

  destroy() {
    this.live?.stop();
    this.viewer?.destroy();
    this.data?.dispose();
  }

  // ---- frame ----

  renderFrame() {
    this.picker = h('select', { id: 'pipeline-picker', class: 'select pipeline-picker', 'aria-label': 'Pipeline' });
    this.picker.addEventListener('change', () => this.openPipeline(this.picker.value));
    this.pipelineMenuButton = h('button', { type: 'button', class: 'button button-icon', 'aria-haspopup': 'menu', 'aria-label': 'Pipeline actions', title: 'Pipeline actions', dataset: { action: 'pipeline-menu' } }, icon('more'));
    this.pipelineMenuButton.addEventListener('click', () => showPipelineMenu(this));

    this.search = h('input', { type: 'search', id: 'search', class: 'search-input', placeholder: 'Search name or ID', 'aria-label': 'Search opportunities by name or ID', autocomplete: 'off', value: this.q });
    const runSearch = debounce(() => this.setQuery(this.search.value.trim()), 300);
    this.search.addEventListener('input', runSearch);
    this.search.addEventListener('keydown', event => {
      if (event.key === 'Escape' && this.search.value) {
        this.search.value = '';
        this.setQuery('');
      }
    });

    this.viewButtons = {
      board: h('button', { type: 'button', class: 'segment', 'aria-pressed': 'false', dataset: { view: 'board' } }, icon('board'), h('span', { text: 'Board' })),
      list: h('button', { type: 'button', class: 'segment', 'aria-pressed': 'false', dataset: { view: 'list' } }, icon('list'), h('span', { text: 'List' })),
    };
    for (const [view, button] of Object.entries(this.viewButtons)) button.addEventListener('click', () => this.setView(view));

    const create = h('button', { type: 'button', class: 'button button-primary', dataset: { action: 'new-opportunity' } }, icon('plus'), h('span', { text: 'New opportunity' }));
    create.addEventListener('click', () => this.createIn(null));

    this.stats = h('div', { class: 'stats', 'aria-live': 'polite' });
    this.liveStatus = liveIndicator();
    this.content = h('div', { class: 'content' });
    clear(this.main).append(
      h('header', { class: 'page-header' },
        h('div', { class: 'page-title-row' },
          this.navToggle,
          h('div', { class: 'page-title' }, h('div', { class: 'crumbs', text: 'CRM' }), h('h1', { text: 'Opportunities' })),
          h('div', { class: 'page-actions' }, this.liveStatus, create)),
        h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Board controls' },
          h('div', { class: 'toolbar-group' }, this.picker, this.pipelineMenuButton),
          h('div', { class: 'search' }, icon('search', 'search-icon'), this.search),
          h('div', { class: 'segmented', role: 'group', 'aria-label': 'View' }, this.viewButtons.board, this.viewButtons.list)),
        this.stats),
      this.content);
    this.content.append(h('div', { class: 'page-loading' }, h('span', { class: 'spinner' }), 'Loading pipelines…'));
  }

  async load(preferId) {
    try {
      const data = await pipelinesApi.list();
      this.pipelines = data?.pipelines ?? [];
      this.defaultPipelineId = data?.default_pipeline_id ?? this.pipelines[0]?.id ?? null;
    } catch (e) {
      clear(this.content).append(h('div', { class: 'empty-state', role: 'alert' },
        h('p', { class: 'empty-title', text: 'Could not load pipelines' }),
        h('p', { text: e.message }),
        h('button', { type: 'button', class: 'button', text: 'Try again', onclick: () => this.load(preferId) })));
      return;
    }
    const wanted = [preferId, this.pipelineId, this.defaultPipelineId].find(id => id && this.pipelines.some(p => p.id === id));
    this.renderPicker(wanted);
    this.openPipeline(wanted);
  }

  renderPicker(selectedId) {
    this.picker.replaceChildren(...this.pipelines.map(p => h('option', {
      value: p.id, selected: p.id === selectedId,
      text: `${p.name}${p.id === this.defaultPipelineId ? ' (my default)' : ''}`,
    })));
  }

  get pipeline() {
    return this.pipelines.find(p => p.id === this.pipelineId);
  }

  openPipeline(id) {
    this.pipelineId = id;
    this.picker.value = id;
    this.writeHash();
    this.openData();
  }

  openData() {
    // the same pipeline again (a reload, a new search): the new stream resumes where the old one was,
    // so whatever commits while the board is re-read reaches it
    const resumeFrom = this.live?.pipelineId === this.pipelineId ? this.live.lastId : null;
    this.live?.stop();
    this.viewer?.destroy();
    this.data?.dispose();
    const pipeline = this.pipeline;
    if (!pipeline) return;
    this.data = new BoardData(pipeline, this.q);
    this.live = new LiveBoard(this, this.data, this.liveStatus, resumeFrom);
    this.data.addEventListener('change', () => this.renderStats());
    this.renderStats();
    this.mountView();
    // The board reads every stage's first page; the list reads its own pages and only needs totals.
    // read once the live stream is open, so nothing written in between is missed
    const data = this.data;
    this.reportErrors(this.live.ready().then(() => this.view === 'board' ? data.loadInitial() : data.refreshSummary()));
  }

  mountView() {
    this.viewer?.destroy();
    clear(this.content);
    for (const [view, button] of Object.entries(this.viewButtons)) button.setAttribute('aria-pressed', String(view === this.view));
    this.content.dataset.view = this.view;
    if (this.view === 'board') {
      this.viewer = new BoardView(this.content, this.data, this);
    } else {
      this.viewer = new ListView(this.content, this.data, this);
      this.reportErrors(this.viewer.reload());
    }
  }

  setView(view) {
    if (view === this.view) return;
    this.view = view;
    this.writeHash();
    this.mountView();
    if (view === 'board') this.reportErrors(this.data.loadInitial());
  }

  setSort(sort) {
    this.sort = sort;
    this.writeHash();
  }

  setQuery(q) {
    if (q === this.q) return;
    this.q = q;
    this.writeHash();
    this.openData();
  }

  renderStats() {
    const summary = this.data?.summary;
    clear(this.stats);
    if (!summary) {
      if (this.data?.summaryError) this.stats.append(h('span', { class: 'muted', text: `Totals unavailable: ${this.data.summaryError.message}` }));
      return;
    }
    const stages = this.pipeline.stages;
    const all = stages.map(s => summary.get(s.id)).filter(Boolean);
    const open = stages.filter(s => s.kind === 'open').map(s => summary.get(s.id)).filter(Boolean);
    const count = all.reduce((n, s) => n + s.count, 0);
    const openTotals = sumTotals(open.map(s => s.totals));
    const weighted = sumTotals(open.map(s => s.weighted));
    this.stats.append(
      stat(plural(count, 'deal'), this.q ? `matching “${this.q}”` : 'in this pipeline', 'count'),
      stat(formatTotals(openTotals, { compact: true }) || '—', 'open value', 'open', formatTotals(openTotals, { whole: true })),
      stat(formatTotals(weighted, { compact: true }) || '—', 'weighted forecast', 'weighted', formatTotals(weighted, { whole: true })));
  }

  writeHash() {
    const params = new URLSearchParams();
    if (this.pipelineId) params.set('pipeline', this.pipelineId);
    if (this.view !== 'board') params.set('view', this.view);
    if (this.q) params.set('q', this.q);
    if (this.sort && this.view === 'list') params.set('sort', this.sort);
    const query = params.toString();
    history.replaceState(null, '', `#/crm/opportunities${query ? `?${query}` : ''}`);
  }

  // ---- actions on opportunities (called by the board and the list) ----

  reportErrors(promise) {
    Promise.resolve(promise).catch(e => {
      if (e?.name === 'AbortError') return;
      toast(e.message);
      announce(e.message);
    });
  }

  async moveCard(id, stageId, beforeId) {
    const data = this.data;
    const name = data.find(id)?.item.name ?? 'The opportunity';
    const stageName = this.stageName(stageId);
    try {
      const result = await data.move(id, stageId, beforeId);
      if (result) {
        const position = Number.isInteger(result.stagePosition) ? `, position ${result.stagePosition + 1}` : '';
        announce(`Moved ${name} to ${stageName}${position}.`);
      }
      if (this.view === 'list') await this.viewer.reload();
      return result;
    } catch (e) {
      if (e?.name === 'AbortError') return null;
      const message = `Could not move “${name}” to ${stageName}: ${e.message} The card is back where it was.`;
      toast(message);
      announce(message);
      // A stage or card that is gone means the board's layout itself is stale: re-read it all.
      if ([404, 409, 422].includes(e.status)) await this.load(this.pipelineId);
      return null;
    }
  }

  // "Move to <stage>" from a menu puts the deal at the top of that stage, where it can be seen.
  async moveToStage(item, stageId) {
    if (this.view === 'board' && this.data.find(item.id)) {
      const first = this.data.column(stageId)?.items.find(i => i.id !== item.id);
      return this.moveCard(item.id, stageId, first?.id ?? null);
    }
    try {
      await opportunitiesApi.update(item.id, { pipeline_stage_id: stageId, stage_position: 0 });
      announce(`Moved ${item.name} to ${this.stageName(stageId)}.`);
    } catch (e) {
      toast(`Could not move “${item.name}”: ${e.message}`);
      announce(`Could not move ${item.name}: ${e.message}`);
    }
    await this.afterWrite([item.pipeline_stage_id, stageId]);
  }

  async afterWrite(stageIds) {
    const work = [this.data.settle(stageIds.filter(Boolean))];
    if (this.view === 'list') work.push(this.viewer.reload());
    await Promise.all(work).catch(e => this.reportErrors(Promise.reject(e)));
  }

  stageName(stageId) {
    return this.pipeline?.stages.find(s => s.id === stageId)?.name ?? 'that stage';
  }

  async createIn(stageId) {
    const pipeline = this.pipeline;
    if (!pipeline) return;
    const created = await createOpportunityDialog(pipeline, { stageId });
    if (!created) return;
    toast(`Created “${created.name}” (${created.public_id}).`, 'success');
    announce(`Created ${created.name}.`);
    if (this.view === 'board') this.viewer.focusAfterRender = created.id;
    await this.afterWrite([created.pipeline_stage_id]);
  }

  async openEdit(id) {
    const found = this.data.find(id);
    let outcome;
    try {
      outcome = await editOpportunityDialog(this.pipeline, id);
    } catch (e) {
      toast(`Could not open the opportunity: ${e.message}`);
      await this.afterWrite(found ? [found.stageId] : []);
      return;
    }
    if (!outcome || outcome.action === 'unchanged') return;
    if (outcome.action === 'deleted') {
      this.offerUndo(outcome.opportunity);
    } else {
      announce(`Saved ${outcome.opportunity.name}.`);
      if (this.view === 'board') this.viewer.focusAfterRender = outcome.opportunity.id;
    }
    await this.afterWrite([found?.stageId, outcome.opportunity.pipeline_stage_id]);
  }

  async deleteOpportunity(item) {
    const done = await confirmDialog({
      title: 'Delete opportunity?',
      message: `“${item.name}” (${item.public_id}) will be moved to the trash. You can undo this.`,
      confirmLabel: 'Delete opportunity',
      onConfirm: () => opportunitiesApi.remove(item.id),
    });
    if (!done) return;
    this.offerUndo(item);
    await this.afterWrite([item.pipeline_stage_id]);
  }

  // The card is in the trash: "Deleted · Undo" restores it (at the end of its stage).
  offerUndo(item) {
    announce(`Deleted ${item.name}. Undo is offered.`);
    deletedToast(item.name, async () => {
      try {
        const restored = (await opportunitiesApi.restore(item.id)).data;
        announce(`Restored ${item.name}.`);
        toast(`Restored “${item.name}”.`, 'success');
        await this.afterWrite([restored.pipeline_stage_id]);
      } catch (e) {
        toast(`Could not restore “${item.name}”: ${e.message}`);
      }
    });
  }

  showOpportunityMenu(item, opener, { within = [], onMoved } = {}) {
    const stages = this.pipeline.stages.filter(s => s.id !== item.pipeline_stage_id);
    const items = [
      { heading: 'Move to stage' },
      ...stages.map(stage => ({
        label: stage.name, hint: `${stage.probability ?? 0}%`, testId: `move-to:${stage.name}`,
        onSelect: () => { onMoved?.(); this.moveToStage(item, stage.id); },
      })),
    ];
    if (within.length) items.push({ separator: true }, { heading: 'Within this stage' }, ...within.map(i => ({ ...i, onSelect: () => { onMoved?.(); i.onSelect(); } })));
    items.push({ separator: true },
      { label: 'Edit…', testId: 'edit', onSelect: () => this.openEdit(item.id) },
      { label: 'Delete…', danger: true, testId: 'delete', onSelect: () => this.deleteOpportunity(item) });
    showMenu(opener, items, { label: `Actions for ${item.name}` });
  }
}

function stat(value, label, testId, title) {
  return h('div', { class: 'stat', dataset: { stat: testId }, title }, h('span', { class: 'stat-value', text: value }), h('span', { class: 'stat-label', text: label }));
}

function readHash() {
  const hash = location.hash.replace(/^#/, '');
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  return new URLSearchParams(query);
}

