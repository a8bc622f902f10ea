// In the browser, on every EventFlow page: pan and zoom for each diagram (svg-pan-zoom, bundled at
// build time), hover or focus a transition to see its guard and actions, keyboard controls, and live
// updates from `eventflow watch` (server-sent events).
import svgPanZoom from 'svg-pan-zoom';

type Details = Record<string, string[]>;

const zoomers: SvgPanZoom.Instance[] = [];

function details(): Details {
  const data = document.getElementById('ef-details');
  return data?.textContent ? (JSON.parse(data.textContent) as Details) : {};
}

/** Pan/zoom per figure; wheel zooms only with Ctrl or ⌘ so the page still scrolls. */
function setUpDiagrams(): void {
  zoomers.splice(0).forEach((z) => z.destroy());
  for (const figure of document.querySelectorAll<HTMLElement>('.ef-diagram')) {
    const svg = figure.querySelector('svg');
    if (!svg) continue;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    const zoom = svgPanZoom(svg, { mouseWheelZoomEnabled: false, dblClickZoomEnabled: true, fit: true, center: true, minZoom: 0.1, maxZoom: 20 });
    zoomers.push(zoom);
    const viewport = figure.querySelector<HTMLElement>('.ef-viewport');
    const tall = viewport?.classList.contains('ef-tall') === true;
    fitView(zoom, tall);
    viewport?.addEventListener('wheel', (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const box = svg.getBoundingClientRect();
      zoom.zoomAtPointBy(event.deltaY < 0 ? 1.2 : 1 / 1.2, { x: event.clientX - box.left, y: event.clientY - box.top });
    });
    viewport?.addEventListener('keydown', (event) => keyboard(event, zoom, tall));
    for (const button of figure.querySelectorAll<HTMLButtonElement>('[data-zoom]')) {
      button.addEventListener('click', () => act(button.dataset['zoom'] ?? '', zoom, tall));
    }
  }
}

/** Whole diagram in view; a tall one (a long lane diagram) fills the width from its top instead. */
function fitView(zoom: SvgPanZoom.Instance, tall: boolean): void {
  zoom.resetZoom();
  zoom.fit();
  zoom.center();
  // Never blow a small diagram up past its own size.
  const fitted = zoom.getSizes().realZoom;
  if (fitted > 1) {
    zoom.zoomBy(1 / fitted);
    zoom.center();
  }
  if (!tall) return;
  const sizes = zoom.getSizes();
  const wide = Math.min(sizes.width / (sizes.viewBox.width * sizes.realZoom), 1 / sizes.realZoom);
  if (wide > 1) {
    zoom.zoomBy(wide);
    zoom.pan({ x: 0, y: 0 });
  }
}

function act(action: string, zoom: SvgPanZoom.Instance, tall: boolean): void {
  if (action === 'in') zoom.zoomBy(1.25);
  else if (action === 'out') zoom.zoomBy(0.8);
  else fitView(zoom, tall);
}

const PAN_STEP = 60;
const KEYS: Record<string, (zoom: SvgPanZoom.Instance, tall: boolean) => void> = {
  '+': (z, t) => act('in', z, t),
  '=': (z, t) => act('in', z, t),
  '-': (z, t) => act('out', z, t),
  '0': (z, t) => act('fit', z, t),
  ArrowLeft: (z) => z.panBy({ x: PAN_STEP, y: 0 }),
  ArrowRight: (z) => z.panBy({ x: -PAN_STEP, y: 0 }),
  ArrowUp: (z) => z.panBy({ x: 0, y: PAN_STEP }),
  ArrowDown: (z) => z.panBy({ x: 0, y: -PAN_STEP }),
};

function keyboard(event: KeyboardEvent, zoom: SvgPanZoom.Instance, tall: boolean): void {
  if (event.target !== event.currentTarget) return;
  const run = KEYS[event.key];
  if (!run) return;
  event.preventDefault();
  run(zoom, tall);
}

/** Transitions and messages can be reached with Tab; hover or focus shows their details. */
function setUpDetails(): void {
  const all = details();
  const tip = document.getElementById('ef-tooltip');
  if (!tip) return;
  for (const [id, lines] of Object.entries(all)) {
    const element = document.getElementById(id);
    if (!element) continue;
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-label', lines.join('. '));
    const show = () => {
      tip.replaceChildren(...lines.map((line) => Object.assign(document.createElement('div'), { textContent: line })));
      const box = element.getBoundingClientRect();
      tip.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - 340))}px`;
      tip.style.top = `${window.scrollY + box.bottom + 6}px`;
      tip.hidden = false;
      element.classList.add('ef-active');
    };
    const hide = () => {
      tip.hidden = true;
      element.classList.remove('ef-active');
    };
    element.addEventListener('mouseenter', show);
    element.addEventListener('focus', show);
    element.addEventListener('mouseleave', hide);
    element.addEventListener('blur', hide);
  }
}

/**
 * `eventflow watch` and the inspector: on every `update` event, fetch this page again and swap its
 * content. A page script can hold the swap while the user is in the middle of something (dragging a
 * slider): it cancels the `ef:before-update` event, then dispatches `ef:resume` when done. `ef:updated`
 * follows every swap.
 */
function setUpLive(): void {
  const url = document.body.dataset['live'];
  if (!url) return;
  const status = document.getElementById('ef-live');
  const source = new EventSource(url);
  let held = false;
  const refresh = async () => {
    if (!document.dispatchEvent(new CustomEvent('ef:before-update', { cancelable: true }))) {
      held = true;
      return;
    }
    const response = await fetch(location.href, { cache: 'no-store' });
    const next = new DOMParser().parseFromString(await response.text(), 'text/html');
    const main = document.querySelector('main');
    const fresh = next.querySelector('main');
    if (main && fresh) main.replaceWith(fresh);
    const data = next.getElementById('ef-details');
    const old = document.getElementById('ef-details');
    if (data && old) old.textContent = data.textContent;
    setUp();
    if (status) status.textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.dispatchEvent(new CustomEvent('ef:updated'));
  };
  source.addEventListener('update', () => void refresh());
  document.addEventListener('ef:resume', () => {
    if (!held) return;
    held = false;
    void refresh();
  });
  source.addEventListener('open', () => {
    if (status) status.textContent = 'live';
  });
  source.addEventListener('error', () => {
    if (status) status.textContent = 'reconnecting…';
  });
}

function setUp(): void {
  setUpDiagrams();
  setUpDetails();
}

setUp();
setUpLive();
