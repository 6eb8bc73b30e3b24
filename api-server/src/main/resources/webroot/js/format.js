// Money is a decimal string from the server ("1250.50"). Intl.NumberFormat formats decimal
// strings exactly, so no amount is rounded through a binary float on its way to the screen.

const formatters = new Map();

function formatter(currency, compact, whole) {
  const key = `${currency}|${compact}|${whole}`;
  if (!formatters.has(key)) {
    let f;
    try {
      const options = { style: 'currency', currency };
      if (compact) Object.assign(options, { notation: 'compact', maximumFractionDigits: 1 });
      else if (whole) Object.assign(options, { maximumFractionDigits: 0, minimumFractionDigits: 0 });
      f = new Intl.NumberFormat(undefined, options);
    } catch {
      f = null; // a code Intl does not know: fall back to "1,250.50 XYZ"
    }
    formatters.set(key, f);
  }
  return formatters.get(key);
}

export function formatMoney(amount, currency, { compact = false, whole = false } = {}) {
  if (amount === null || amount === undefined || amount === '') return '';
  const code = (currency || 'USD').toUpperCase();
  const f = formatter(code, compact, whole);
  const value = String(amount);
  if (f) return f.format(value);
  return `${new Intl.NumberFormat().format(value)} ${code}`;
}

// A card's amount: cents only when there are any ("$1,250.50", "$186,000").
export function formatAmount(amount, currency) {
  const whole = /^-?\d+(\.0*)?$/.test(String(amount));
  return formatMoney(amount, currency, { whole });
}

// [{currency, amount}] -> "$12,500 + €3,000"; nothing -> "".
export function formatTotals(totals, options) {
  return [...(totals ?? [])]
    .filter(t => t.amount !== null && t.amount !== undefined && Number(t.amount) !== 0)
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map(t => formatMoney(t.amount, t.currency, options))
    .join(' + ');
}

export function formatDate(value) {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export function formatDateTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

// 59 s -> "under a minute", 5400 s -> "1 h 30 min", 200000 s -> "2 d 7 h": the two largest units.
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  if (s < 60) return 'under a minute';
  const units = [['d', 86400], ['h', 3600], ['min', 60]];
  const parts = [];
  let rest = s;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length) parts.push([n, unit]);
  }
  return parts.slice(0, 2).filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(' ');
}
