// In the browser, on inspector pages (after the diagram pages' script, which does pan/zoom, hover
// details and the live swap of <main>): the time-travel slider shows the instance's state and context
// at the chosen seq in place (the server answers from runtime.state(id, { atSeq })), highlights that
// state in the diagram and that record in the history, and keeps the seq in the address, so a reload
// or a live update shows the same seq. A live update waits while the slider is being dragged, and
// gives the focus back to the element that had it.

interface StateAt {
  readonly seq: number;
  readonly last_seq: number;
  readonly state: string;
  readonly context: Record<string, unknown>;
  readonly entered: readonly string[];
  readonly event?: string;
  readonly from?: string;
}

let asked = 0;
let dragging = false;
let focused: { readonly id: string | null; readonly href: string | null } | undefined;

function setUpTravel(): void {
  const form = document.querySelector<HTMLFormElement>('form.ef-travel');
  const slider = form?.querySelector<HTMLInputElement>('input[type=range]');
  if (!form || !slider) return;
  form.classList.add('ef-scripted');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show(form, slider);
  });
  slider.addEventListener('input', () => void show(form, slider));
  slider.addEventListener('pointerdown', () => (dragging = true));
}

/** Asks for the instance at the slider's seq; an answer to an older question is dropped. */
async function show(form: HTMLFormElement, slider: HTMLInputElement): Promise<void> {
  const seq = Number(slider.value);
  const mine = ++asked;
  text('travel-out', `${seq} of ${slider.max}`);
  const response = await fetch(`${form.dataset['stateUrl'] ?? ''}${seq}`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (mine !== asked) return;
  if (!response.ok) {
    text('travel-state', `could not read seq ${seq} (HTTP ${response.status})`);
    return;
  }
  const at = (await response.json()) as StateAt;
  if (mine === asked) render(at, slider);
}

function render(at: StateAt, slider: HTMLInputElement): void {
  const state = Object.assign(document.createElement('span'), { className: 'ef-state', textContent: at.state });
  document.getElementById('travel-state')?.replaceChildren(state);
  const event = at.event ? [Object.assign(document.createElement('code'), { textContent: at.event }), at.from ? ` from ${at.from}` : ''] : [];
  document.getElementById('travel-event')?.replaceChildren(...event);
  text('travel-entered', at.entered.join(' → ') || '(none)');
  text('travel-context', JSON.stringify(at.context, null, 2));
  text('travel-context-seq', String(at.seq));
  text('travel-out', `${at.seq} of ${at.last_seq}`);
  slider.setAttribute('aria-valuetext', `seq ${at.seq} of ${at.last_seq}: ${at.state}`);
  for (const row of document.querySelectorAll('#history tr.ef-at')) {
    row.classList.remove('ef-at');
    row.removeAttribute('aria-current');
  }
  const row = document.getElementById(`seq-${at.seq}`);
  row?.classList.add('ef-at');
  row?.setAttribute('aria-current', 'step');
  // Graphviz writes each state's name as the <title> of its node.
  for (const node of document.querySelectorAll<SVGGElement>('.ef-diagram g.node.state')) {
    node.classList.toggle('current', node.querySelector('title')?.textContent === at.state);
  }
  const url = new URL(location.href);
  if (at.seq >= at.last_seq) url.searchParams.delete('at');
  else url.searchParams.set('at', String(at.seq));
  history.replaceState(null, '', url);
}

function text(id: string, value: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = value;
}

/** Live updates: held during a drag, then the focus goes back where it was. */
function setUpLiveHelpers(): void {
  document.addEventListener('focusin', (event) => {
    const target = event.target as HTMLElement;
    focused = { id: target.id || null, href: target.getAttribute('href') };
  });
  document.addEventListener('ef:before-update', (event) => {
    if (dragging) event.preventDefault();
  });
  document.addEventListener('pointerup', () => {
    if (!dragging) return;
    dragging = false;
    document.dispatchEvent(new CustomEvent('ef:resume'));
  });
  document.addEventListener('ef:updated', () => {
    setUpTravel();
    if (!focused || (document.activeElement && document.activeElement !== document.body)) return;
    const again = focused.id ? document.getElementById(focused.id) : focused.href ? document.querySelector<HTMLElement>(`main a[href="${CSS.escape(focused.href)}"]`) : null;
    again?.focus({ preventScroll: true });
  });
}

setUpTravel();
setUpLiveHelpers();
