// Enhances the follow-up form (it works without this file): the order picker suggests orders as you type,
// a next-date preset fills the date, the note's date is suggested as you write, deleting asks first.
(() => {
  const SPANS = { '2d': { days: 2 }, '1w': { days: 7 }, '2w': { days: 14 }, '1m': { months: 1 } };

  /** YYYY-MM-DD plus a span, months clamped to the month's last day (as the server does). */
  function addSpan(day, span) {
    const [y, m, d] = day.split('-').map(Number);
    if (!y || !m || !d) return '';
    let date;
    if (span.months) {
      const first = new Date(Date.UTC(y, m - 1 + span.months, 1));
      const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
      date = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
    } else {
      date = new Date(Date.UTC(y, m - 1, d + span.days));
    }
    return date.toISOString().slice(0, 10);
  }

  function todayLocal() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  function enhancePicker(input) {
    const list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) return;
    const url = input.dataset.orderPicker;
    const none = input.dataset.pickerNone || '';
    let items = [];
    let active = -1;
    let controller = null;

    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const highlight = (i) => {
      const options = list.querySelectorAll('[role="option"][data-ref]');
      options.forEach((o, j) => {
        o.setAttribute('aria-selected', j === i ? 'true' : 'false');
      });
      active = i;
      const current = options[i];
      if (current) {
        input.setAttribute('aria-activedescendant', current.id);
        current.scrollIntoView({ block: 'nearest' });
      } else input.removeAttribute('aria-activedescendant');
    };
    const choose = (i) => {
      const item = items[i];
      if (!item) return;
      input.value = item.ref;
      close();
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const render = () => {
      list.replaceChildren();
      if (items.length === 0) {
        const empty = document.createElement('div');
        empty.setAttribute('role', 'option');
        empty.setAttribute('aria-disabled', 'true');
        empty.className = 'picker-empty';
        empty.textContent = none;
        list.append(empty);
      }
      items.forEach((item, i) => {
        const option = document.createElement('div');
        option.setAttribute('role', 'option');
        option.id = `${list.id}-${i}`;
        option.dataset.ref = item.ref;
        option.setAttribute('aria-selected', 'false');
        if (!item.open) option.classList.add('closed');
        option.textContent = item.label;
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(i);
        });
        list.append(option);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
    };
    const search = debounce(async () => {
      const q = input.value.trim();
      if (!q) return close();
      controller?.abort();
      controller = new AbortController();
      try {
        const target = new URL(url, window.location.href);
        target.searchParams.set('q', q);
        const res = await fetch(target, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!res.ok) return;
        const body = await res.json();
        if (input.value.trim() !== q) return;
        items = body.items || [];
        if (document.activeElement === input) render();
      } catch (err) {
        if (err.name !== 'AbortError') close();
      }
    }, 120);

    input.addEventListener('input', search);
    input.addEventListener('keydown', (event) => {
      if (list.hidden) {
        if (event.key === 'ArrowDown' && input.value.trim()) search();
        return;
      }
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === 'ArrowUp') {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === 'Enter' && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  }

  function enhanceForm(form) {
    const next = form.querySelector('[data-next-at]');
    const done = form.querySelector('[data-done-at]');
    const note = form.querySelector('[data-note]');
    const suggestion = form.querySelector('[data-suggestion]');
    const dateAbove = form.querySelector('input[name="preset"][value=""]');
    const notePreset = form.querySelector('input[name="preset"][value="note"]');
    const doneDay = () => (done?.value ? done.value.slice(0, 10) : todayLocal());

    for (const input of form.querySelectorAll('[data-order-picker]')) enhancePicker(input);

    for (const radio of form.querySelectorAll('input[name="preset"][data-preset]')) {
      radio.addEventListener('change', () => {
        const span = SPANS[radio.dataset.preset];
        if (next && span) next.value = addSpan(doneDay(), span);
      });
    }
    // A date typed by hand wins over the preset that filled it.
    next?.addEventListener('input', () => {
      if (dateAbove) dateAbove.checked = true;
    });

    const useButtons = () => {
      for (const button of suggestion?.querySelectorAll('[data-use-date]') ?? []) {
        button.hidden = false;
        button.addEventListener('click', () => {
          if (next) next.value = button.dataset.useDate;
          if (dateAbove) dateAbove.checked = true;
          next?.focus();
        });
        if (notePreset?.checked && next) next.value = button.dataset.useDate;
      }
    };
    useButtons();
    notePreset?.addEventListener('change', () => {
      const button = suggestion?.querySelector('[data-use-date]');
      if (button && next) next.value = button.dataset.useDate;
    });

    if (note && suggestion) {
      let controller = null;
      const suggest = debounce(async () => {
        controller?.abort();
        controller = new AbortController();
        const params = new URLSearchParams({ note: note.value.slice(0, 2000), doneAt: done?.value || '' });
        try {
          const res = await fetch(`${suggestion.dataset.suggestion}?${params}`, {
            signal: controller.signal,
          });
          if (!res.ok) return;
          // The fragment is rendered by the server with every value escaped.
          suggestion.innerHTML = await res.text();
          useButtons();
        } catch {
          /* a lost suggestion is not an error: the form still works */
        }
      }, 350);
      note.addEventListener('input', suggest);
      done?.addEventListener('change', () => {
        if (note.value.trim()) suggest();
      });
    }
  }

  function init() {
    for (const form of document.querySelectorAll('form[data-followup-form]')) enhanceForm(form);
    for (const form of document.querySelectorAll('form[data-confirm]')) {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
