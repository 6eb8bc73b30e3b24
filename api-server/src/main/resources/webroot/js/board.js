// The Kanban board: a column per stage, a card per opportunity. Cards move by pointer drag
// (mouse, pen, or touch on the grip), by keyboard (Space picks up, arrows carry, Space/Enter
// drops, Escape cancels), or through the card's "Move to…" menu. All three end in one call:
// controller.moveCard(id, stageId, beforeId).

import { h, icon, clear } from './dom.js';
import { formatAmount, formatDate, formatMoney, formatTotals, plural } from './format.js';
import { sumTotals } from './board-data.js';
import { PointerDrag } from './drag.js';
import { KeyboardMoves } from './board-keyboard.js';

export class BoardView {
  constructor(container, data, controller) {
    this.container = container;
    this.data = data;
    this.controller = controller;
    this.keyboard = new KeyboardMoves(this);
    this.pendingStages = new Set();
    this.onChange = event => this.update(event.detail.stageIds);
    data.addEventListener('change', this.onChange);
    this.render();
    this.drag = new PointerDrag(this.boardEl, {
      onDrop: (id, stageId, beforeId) => this.drop(id, stageId, beforeId),
      onEnd: () => this.flushPending(),
    });
  }

  destroy() {
    this.data.removeEventListener('change', this.onChange);
    for (const { observer } of this.columnEls.values()) observer.disconnect();
    this.keyboard.destroy();
    this.drag.destroy();
  }

  render() {
    clear(this.container);
    this.columnEls = new Map();
    this.boardEl = h('div', { class: 'board', role: 'region', 'aria-label': `${this.data.pipeline.name} board`, 'aria-describedby': 'board-help' });
    for (const stage of this.data.pipeline.stages) {
      const column = this.buildColumn(stage);
      this.columnEls.set(stage.id, column);
      this.boardEl.append(column.section);
      this.renderCards(stage.id);
      this.renderHeader(stage.id);
    }
    this.boardEl.addEventListener('keydown', event => this.keyboard.onKeyDown(event));
    this.boardEl.addEventListener('focusout', event => this.keyboard.onFocusOut(event));
    this.boardEl.addEventListener('click', event => this.onClick(event));
    this.container.append(
      h('p', { id: 'board-help', class: 'sr-only', text: 'Press Space to pick up a card, arrow keys to move it, Space or Enter to drop it, Escape to cancel. Press M for the move menu, Enter to open a card.' }),
      this.boardEl);
  }

  buildColumn(stage) {
    const titleId = `col-title-${stage.id}`;
    const count = h('span', { class: 'column-count', dataset: { role: 'count' } });
    const total = h('div', { class: 'column-total', dataset: { role: 'total' } });
    const weighted = h('div', { class: 'column-weighted', dataset: { role: 'weighted' } });
    const add = h('button', {
      type: 'button', class: 'icon-button column-add', 'aria-label': `New opportunity in ${stage.name}`, title: `New opportunity in ${stage.name}`,
      onclick: () => this.controller.createIn(stage.id),
    }, icon('plus'));
    const list = h('ol', { class: 'cards', 'aria-labelledby': titleId, dataset: { stageId: stage.id } });
    // The next page is fetched while the reader is still a screen or so above the column's end.
    const observer = new IntersectionObserver(entries => this.onSentinel(entries, stage.id), { root: list, rootMargin: '0px 0px 400px 0px' });
    const section = h('section', { class: `column kind-${stage.kind}`, dataset: { stageId: stage.id, stageName: stage.name }, 'aria-labelledby': titleId },
      h('header', { class: 'column-header' },
        h('div', { class: 'column-title-row' },
          h('span', { class: 'kind-dot', 'aria-hidden': 'true' }),
          h('h2', { class: 'column-title', id: titleId, text: stage.name, title: stage.name }),
          count),
        // the + sits beside the figures, so a narrow column (six fit at 1280 px) keeps room for its name
        h('div', { class: 'column-figures-row' }, h('div', { class: 'column-figures' }, total, weighted), add)),
      list);
    return { section, list, count, total, weighted, observer };
  }

  // Re-render what changed. While a pointer drag is in progress the DOM under it must not move,
  // so those updates wait for the drop.
  update(stageIds) {
    const ids = stageIds ?? [];
    // busy until the server has answered and the board shows what it says
    this.boardEl.setAttribute('aria-busy', String(this.data.pending > 0));
    if (this.drag?.active || this.keyboard.carrying) {
      ids.forEach(id => this.pendingStages.add(id));
      this.pendingHeaders = true;
      return;
    }
    for (const id of ids) if (this.columnEls.has(id)) this.renderCards(id);
    for (const id of this.columnEls.keys()) this.renderHeader(id);
  }

  flushPending() {
    const ids = [...this.pendingStages];
    this.pendingStages.clear();
    this.pendingHeaders = false;
    this.update(ids);
  }

  renderHeader(stageId) {
    const { count, total, weighted } = this.columnEls.get(stageId);
    const stage = this.data.column(stageId).stage;
    const summary = this.data.summary?.get(stageId);
    const { n, exact } = this.data.count(stageId);
    if (!summary && firstLoad(this.data.column(stageId))) {
      count.textContent = '…';
      count.setAttribute('aria-label', 'counting');
    } else {
      count.textContent = exact ? n.toLocaleString() : `${n.toLocaleString()}+`;
      count.setAttribute('aria-label', exact ? plural(n, 'opportunity', 'opportunities') : `at least ${plural(n, 'opportunity', 'opportunities')}`);
    }
    const totals = summary ? summary.totals : sumTotals([this.data.column(stageId).items.map(i => ({ currency: i.currency, amount: i.amount ?? '0' }))]);
    const exactText = formatTotals(totals, { whole: true });
    total.textContent = formatTotals(totals, { compact: true }) || formatMoney('0', 'USD', { whole: true });
    total.title = `${exactText || 'Nothing'} — ${summary ? 'total amount in this stage' : 'total of the cards loaded so far (server totals unavailable)'}`;
    const weightedText = summary ? formatTotals(summary.weighted, { compact: true }) : '';
    weighted.textContent = `${stage.probability ?? 0}% win${weightedText ? ` · ${weightedText} weighted` : ''}`;
    weighted.title = summary ? `Win probability ${stage.probability ?? 0}%; weighted ${formatTotals(summary.weighted, { whole: true }) || 'nothing'}` : `Win probability ${stage.probability ?? 0}%`;
  }

  renderCards(stageId) {
    const column = this.data.column(stageId);
    const { list } = this.columnEls.get(stageId);
    const focus = focusedIn(list);
    const cards = column.items.map(item => this.buildCard(item, column.stage));
    list.replaceChildren(...cards, this.buildFooter(stageId));
    list.setAttribute('aria-busy', String(column.loading || firstLoad(column)));
    if (focus) restoreFocus(list, focus);
    if (this.focusAfterRender && cards.some(c => c.dataset.id === this.focusAfterRender)) {
      list.querySelector(`.card[data-id="${this.focusAfterRender}"]`)?.focus();
      this.focusAfterRender = null;
    }
  }

  buildCard(item, stage) {
    const amount = item.amount != null && item.amount !== '' ? formatAmount(item.amount, item.currency) : '';
    const menu = h('button', {
      type: 'button', class: 'icon-button card-menu', 'aria-haspopup': 'menu',
      'aria-label': `Actions for ${item.name}`, title: 'Move to… and more', dataset: { role: 'card-menu' },
    }, icon('more'));
    return h('li', {
      class: 'card', tabindex: '0',
      dataset: { id: item.id, publicId: item.public_id, stageId: stage.id },
      'aria-roledescription': 'card',
      'aria-label': `${item.name}, ${item.public_id}${amount ? `, ${amount}` : ''}`,
    },
    h('span', { class: 'card-grip', 'aria-hidden': 'true', title: 'Drag to move' }, icon('grip')),
    h('div', { class: 'card-body' },
      h('div', { class: 'card-name', text: item.name }),
      h('div', { class: 'card-meta' },
        h('span', { class: 'card-id', text: item.public_id }),
        amount ? h('span', { class: 'card-amount', text: amount }) : h('span', { class: 'card-amount muted', text: 'No amount' })),
      cardDetails(item)),
    menu);
  }

  buildFooter(stageId) {
    const column = this.data.column(stageId);
    const footer = h('li', { class: 'column-footer' });
    if (column.error) {
      footer.append(h('div', { class: 'column-error', role: 'alert' },
        h('span', { text: `Could not load: ${column.error.message}` }),
        h('button', { type: 'button', class: 'link-button', text: 'Retry', onclick: () => this.controller.reportErrors(this.data.retry(stageId)) })));
    } else if (firstLoad(column) || (column.loading && !column.done)) {
      // a quiet re-read of a complete column keeps its footer, so a move does not make it flicker
      footer.append(h('div', { class: 'column-loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'Loading…'));
    } else if (!column.done) {
      const { n, exact } = this.data.count(stageId);
      const remaining = exact ? n - column.items.length : null;
      const more = h('button', {
        type: 'button', class: 'button button-small load-more', dataset: { role: 'load-more' },
        text: remaining ? `Show more (${remaining.toLocaleString()} more)` : 'Show more',
        onclick: () => this.controller.reportErrors(this.data.loadMore(stageId)),
      });
      footer.append(more);
      this.columnEls.get(stageId).observer.observe(more);
    } else if (column.items.length === 0) {
      footer.append(h('div', { class: 'column-empty', text: this.data.q ? 'No matches' : 'No deals yet' }));
    }
    return footer;
  }

  onSentinel(entries, stageId) {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      this.columnEls.get(stageId).observer.unobserve(entry.target);
      this.controller.reportErrors(this.data.loadMore(stageId));
    }
  }

  onClick(event) {
    if (this.drag.consumeClick()) return;
    const menuButton = event.target.closest('[data-role="card-menu"]');
    const card = event.target.closest('.card');
    if (!card) return;
    if (menuButton) this.openCardMenu(card, menuButton);
    else this.controller.openEdit(card.dataset.id);
  }

  openCardMenu(card, opener) {
    const found = this.data.find(card.dataset.id);
    if (!found) return;
    const { item, stageId, index } = found;
    const column = this.data.column(stageId);
    const moveWithin = (beforeId) => this.drop(item.id, stageId, beforeId);
    this.controller.showOpportunityMenu(item, opener ?? card, {
      within: [
        { label: 'Move to top', disabled: index === 0, testId: 'move-top', onSelect: () => moveWithin(column.items[0]?.id) },
        { label: 'Move up', disabled: index === 0, testId: 'move-up', onSelect: () => moveWithin(column.items[index - 1]?.id) },
        { label: 'Move down', disabled: index >= column.items.length - 1, testId: 'move-down', onSelect: () => moveWithin(column.items[index + 2]?.id ?? null) },
      ],
      onMoved: () => { this.focusAfterRender = item.id; },
    });
  }

  drop(id, stageId, beforeId) {
    this.focusAfterRender = id;
    return this.controller.moveCard(id, stageId, beforeId);
  }

}

// Not read yet: the first paint says "Loading…", not "0+" and "Show more".
function firstLoad(column) {
  return !column.loaded && !column.error;
}

function focusedIn(list) {
  const active = document.activeElement;
  if (!active || !list.contains(active)) return null;
  const card = active.closest('.card');
  if (!card) return { selector: '.load-more' };
  return { id: card.dataset.id, menu: active !== card };
}

function restoreFocus(list, focus) {
  if (focus.selector) return list.querySelector(focus.selector)?.focus();
  const card = list.querySelector(`.card[data-id="${focus.id}"]`);
  if (!card) return;
  (focus.menu ? card.querySelector('[data-role="card-menu"]') : card).focus();
}

// Owner, close date and time in stage under the card's name; a badge when the deal is rotting (§9.4).
function cardDetails(item) {
  const days = item.days_in_stage;
  return h('div', { class: 'card-details' },
    item.is_rotting ? h('span', { class: 'badge badge-rotting', dataset: { testid: 'rotting' }, title: 'In this stage longer than the stage allows', text: 'Rotting' }) : null,
    days != null ? h('span', { class: 'card-days', title: 'Days in this stage', text: days === 1 ? '1 day' : `${days} days` }) : null,
    item.expected_close_date ? h('span', { class: 'card-close', title: 'Expected close', text: `Close ${formatDate(item.expected_close_date)}` }) : null,
    item.owner_user_id ? h('span', { class: 'card-owner', title: 'Owner', text: item.owner_user_id }) : null);
}
