// The list view: the same opportunities as the board, as a table in board order (stage, then
// position) or in the order of a sortable column, loaded page by page with the list route's cursor
// as the user scrolls. Rows can be selected and moved to a stage together (bulk move).

import { opportunitiesApi } from './api.js';
import { h, icon, clear, toast, announce } from './dom.js';
import { formatAmount, formatDate, plural } from './format.js';

const PAGE_SIZE = 100;
const MAX_LIMIT = 500;

// The sortable columns and their sort keys (PRODUCT.md §9.4). A header's button cycles
// ascending → descending → board order; the server sorts, the list only follows its cursor.
const SORTABLE = { Name: 'name', Amount: 'amount', 'Expected close': 'expected_close_date', Updated: 'updated_at' };
export const SORT_KEYS = Object.values(SORTABLE).flatMap(k => [k, `-${k}`]);

function nextSort(current, key) {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return null;
  return key;
}

export class ListView {
  constructor(container, board, controller) {
    this.container = container;
    this.board = board; // the BoardData: pipeline, q and the server totals
    this.controller = controller;
    this.items = [];
    this.cursor = null;
    this.done = false;
    this.loading = false;
    this.error = null;
    this.generation = 0;
    this.selected = new Set();
    this.stages = new Map(board.pipeline.stages.map(s => [s.id, s]));
    this.observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) this.controller.reportErrors(this.loadMore());
    }, { rootMargin: '300px' });
    this.onSummary = () => this.renderCaption();
    board.addEventListener('change', this.onSummary);
    this.render();
  }

  destroy() {
    this.observer.disconnect();
    this.board.removeEventListener('change', this.onSummary);
  }

  render() {
    clear(this.container);
    this.caption = h('p', { class: 'list-caption', 'aria-live': 'polite' });
    this.tbody = h('tbody');
    this.footer = h('div', { class: 'list-footer' });
    this.bulkBar = h('div', { class: 'bulk-bar', dataset: { testid: 'bulk-bar' }, hidden: true });
    this.selectAll = h('input', { type: 'checkbox', class: 'row-select', 'aria-label': 'Select all shown opportunities', dataset: { testid: 'select-all' } });
    this.selectAll.addEventListener('change', () => {
      if (this.selectAll.checked) this.items.forEach(i => this.selected.add(i.id));
      else this.selected.clear();
      this.renderRows();
    });
    const table = h('table', { class: 'table', 'aria-label': `Opportunities in ${this.board.pipeline.name}` },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'cell-select' }, this.selectAll),
        this.header('Name'),
        h('th', { scope: 'col', class: 'hide-narrow', text: 'ID' }),
        h('th', { scope: 'col', text: 'Stage' }),
        this.header('Amount', 'num'),
        this.header('Expected close', 'hide-narrow'),
        this.header('Updated', 'hide-narrow'),
        h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'sr-only', text: 'Actions' })))),
      this.tbody);
    this.container.append(h('div', { class: 'list-view' }, this.caption, this.bulkBar, h('div', { class: 'table-wrap' }, table), this.footer));
    this.renderCaption();
  }

  // A sortable header: a real button inside the <th>, and aria-sort on the column the list is sorted by.
  header(label, cls = '') {
    const key = SORTABLE[label];
    const sort = this.controller.sort;
    const direction = sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : null;
    const button = h('button', { type: 'button', class: 'sort-button', dataset: { sort: key } },
      label, icon(direction === 'descending' ? 'down' : 'up', `sort-icon${direction ? '' : ' is-unsorted'}`));
    button.addEventListener('click', () => this.setSort(nextSort(sort, key)));
    const th = h('th', { scope: 'col', class: `sortable ${cls}`.trim() }, button);
    if (direction) th.setAttribute('aria-sort', direction);
    return th;
  }

  setSort(sort) {
    this.controller.setSort(sort);
    this.selected.clear();
    this.items = [];
    this.render();
    this.controller.reportErrors(this.reload());
    this.container.querySelector(`.sort-button[data-sort="${(sort ?? '').replace(/^-/, '')}"]`)?.focus();
  }

  async reload() {
    const want = Math.max(PAGE_SIZE, this.items.length);
    const generation = ++this.generation;
    this.loading = true;
    this.renderFooter();
    try {
      const items = [];
      let cursor = null;
      do {
        const page = await this.fetch(Math.min(MAX_LIMIT, want - items.length), cursor);
        items.push(...page.items);
        cursor = page.cursor;
      } while (cursor && items.length < want);
      if (generation !== this.generation) return;
      Object.assign(this, { items, cursor, done: !cursor, error: null });
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (generation === this.generation) this.error = e;
      throw e;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.renderRows();
      }
    }
  }

  async loadMore() {
    if (this.loading || this.done) return;
    const generation = this.generation;
    this.loading = true;
    this.renderFooter();
    try {
      const page = await this.fetch(PAGE_SIZE, this.cursor);
      if (generation !== this.generation) return;
      const known = new Set(this.items.map(i => i.id));
      this.items.push(...page.items.filter(i => !known.has(i.id)));
      this.cursor = page.cursor;
      this.done = !page.cursor;
      this.error = null;
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.error = e;
      throw e;
    } finally {
      if (generation === this.generation) {
        this.loading = false;
        this.renderRows();
      }
    }
  }

  async fetch(limit, cursor) {
    const query = { pipeline_id: this.board.pipeline.id, q: this.board.q, sort: this.controller.sort, limit, cursor };
    const data = await opportunitiesApi.list(query, this.board.abort.signal);
    return { items: data?.opportunities ?? [], cursor: data?.next_cursor ?? null };
  }

  renderRows() {
    const focusedId = document.activeElement?.closest?.('tr')?.dataset.id;
    this.tbody.replaceChildren(...this.items.map(item => this.row(item)));
    if (focusedId) this.tbody.querySelector(`tr[data-id="${focusedId}"] .row-open`)?.focus();
    this.renderCaption();
    this.renderFooter();
    this.renderBulkBar();
  }

  row(item) {
    const stage = this.stages.get(item.pipeline_stage_id) ?? item.stage ?? {};
    const open = h('button', { type: 'button', class: 'link-button row-open', text: item.name, onclick: () => this.controller.openEdit(item.id) });
    const menu = h('button', { type: 'button', class: 'icon-button', 'aria-haspopup': 'menu', 'aria-label': `Actions for ${item.name}`, dataset: { role: 'row-menu' } }, icon('more'));
    menu.addEventListener('click', () => this.controller.showOpportunityMenu(item, menu, {}));
    const select = h('input', { type: 'checkbox', class: 'row-select', checked: this.selected.has(item.id), 'aria-label': `Select ${item.name}` });
    select.addEventListener('change', () => {
      if (select.checked) this.selected.add(item.id);
      else this.selected.delete(item.id);
      this.renderBulkBar();
    });
    return h('tr', { dataset: { id: item.id, publicId: item.public_id }, class: this.selected.has(item.id) ? 'is-selected' : '' },
      h('td', { class: 'cell-select' }, select),
      h('td', { class: 'cell-name' }, open),
      h('td', { class: 'cell-id hide-narrow' }, h('code', { text: item.public_id })),
      h('td', {}, h('span', { class: `stage-pill kind-${stage.kind ?? 'open'}` }, h('span', { class: 'kind-dot', 'aria-hidden': 'true' }), stage.name ?? '')),
      h('td', { class: 'num', text: item.amount != null ? formatAmount(item.amount, item.currency) : '—' }),
      h('td', { class: 'hide-narrow', text: formatDate(item.expected_close_date) || '—' }),
      h('td', { class: 'hide-narrow muted', text: formatDate(item.updated_at) }),
      h('td', { class: 'actions' }, menu));
  }

  // "N selected · Move to [stage] · Clear": one bulk move, all or nothing, in board order.
  renderBulkBar() {
    const loaded = new Set(this.items.map(i => i.id));
    for (const id of this.selected) if (!loaded.has(id)) this.selected.delete(id);
    const n = this.selected.size;
    this.bulkBar.hidden = n === 0;
    this.selectAll.checked = n > 0 && n === this.items.length;
    this.selectAll.indeterminate = n > 0 && n < this.items.length;
    if (n === 0) return clear(this.bulkBar);
    const target = h('select', { class: 'bulk-target', 'aria-label': 'Stage to move the selected opportunities to', dataset: { testid: 'bulk-target' } },
      this.board.pipeline.stages.map(s => h('option', { value: s.id, text: s.name })));
    const move = h('button', { type: 'button', class: 'button button-primary', text: 'Move to stage', dataset: { testid: 'bulk-move' } });
    move.addEventListener('click', () => this.controller.reportErrors(this.moveSelected(target.value, move)));
    const none = h('button', { type: 'button', class: 'link-button', text: 'Clear selection', onclick: () => { this.selected.clear(); this.renderRows(); } });
    this.bulkBar.replaceChildren(h('span', { class: 'bulk-count', text: `${n} selected` }), target, move, none);
  }

  async moveSelected(stageId, button) {
    const ids = this.items.filter(i => this.selected.has(i.id)).map(i => i.id);
    if (ids.length === 0) return;
    const moving = ids.slice(0, MAX_LIMIT);
    button.disabled = true;
    const from = new Set(this.items.filter(i => this.selected.has(i.id)).map(i => i.pipeline_stage_id));
    try {
      const result = await opportunitiesApi.bulkMove(moving, stageId, 'bottom');
      const stage = this.stages.get(stageId);
      const what = `Moved ${result.moved} opportunit${result.moved === 1 ? 'y' : 'ies'} to ${stage?.name ?? 'the stage'}.`;
      toast(what, 'success');
      announce(what);
      this.selected.clear();
      await this.controller.afterWrite([...from, stageId]);
    } finally {
      button.disabled = false;
    }
  }

  renderCaption() {
    const total = this.board.summary ? [...this.board.summary.values()].reduce((n, s) => n + s.count, 0) : null;
    const shown = this.items.length;
    const sort = this.controller.sort;
    const label = sort && Object.keys(SORTABLE).find(l => SORTABLE[l] === sort.replace(/^-/, ''));
    const order = sort ? ` · sorted by ${label.toLowerCase()}, ${sort.startsWith('-') ? 'descending' : 'ascending'}` : '';
    this.caption.textContent = (total === null
      ? plural(shown, 'opportunity', 'opportunities') + (this.done ? '' : ' loaded so far')
      : `Showing ${shown.toLocaleString()} of ${plural(total, 'opportunity', 'opportunities')}`) + order;
  }

  renderFooter() {
    clear(this.footer);
    this.observer.disconnect();
    if (this.error) {
      this.footer.append(h('div', { class: 'column-error', role: 'alert' },
        h('span', { text: `Could not load: ${this.error.message}` }),
        h('button', { type: 'button', class: 'link-button', text: 'Retry', onclick: () => this.controller.reportErrors(this.loadMore()) })));
    } else if (this.loading) {
      this.footer.append(h('div', { class: 'column-loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
    } else if (!this.done) {
      const more = h('button', { type: 'button', class: 'button load-more', text: 'Show more', onclick: () => this.controller.reportErrors(this.loadMore()) });
      this.footer.append(more);
      this.observer.observe(more);
    } else if (this.items.length === 0) {
      this.footer.append(h('div', { class: 'empty-state' },
        h('p', { class: 'empty-title', text: this.board.q ? `No opportunities match “${this.board.q}”.` : 'No opportunities in this pipeline yet.' })));
    }
  }
}
