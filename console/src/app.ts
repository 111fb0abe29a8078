/** The console's shell: header and navigation, the current page, client-side navigation. */
import { html, nothing, render } from 'lit-html';
import { get } from './api.ts';
import type { Page, PageContext } from './page.ts';
import { ExecutionPage } from './pages/execution-page.ts';
import { FlowPage } from './pages/flow-page.ts';
import { FlowsPage } from './pages/flows-page.ts';
import { NewFlowPage } from './pages/new-flow-page.ts';
import { NotFoundPage } from './pages/not-found-page.ts';
import { TasksPage } from './pages/tasks-page.ts';
import { BASE, href, parseRoute, type Route } from './router.ts';
import type { ConsoleConfig } from './types.ts';

/** The page of a route. */
function pageOf(route: Route, context: PageContext): Page {
  switch (route.page) {
    case 'flows':
      return new FlowsPage(context);
    case 'new-flow':
      return new NewFlowPage(context);
    case 'flow':
      return new FlowPage(context, route.flow, route.status);
    case 'execution':
      return new ExecutionPage(context, route.flow, route.execution);
    case 'tasks':
      return new TasksPage(context, route.flow);
    case 'not-found':
      return new NotFoundPage(route.path);
  }
}

/** The running console. */
export class App implements PageContext {
  #page: Page;
  #route: Route;
  #config: ConsoleConfig | undefined;
  #flash: string | undefined;
  #shownFlash: string | undefined;
  #scheduled = false;

  constructor(private readonly root: HTMLElement) {
    this.#route = parseRoute(location.pathname, location.search);
    this.#page = pageOf(this.#route, this);
    addEventListener('popstate', () => this.#go(false));
    document.addEventListener('click', (event) => this.#onClick(event));
    get<ConsoleConfig>(`${BASE}/config.json`)
      .then((config) => {
        this.#config = config;
        this.update();
      })
      .catch(() => {});
    this.#render();
  }

  update(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#render();
    });
  }

  navigate(target: string): void {
    history.pushState(null, '', target);
    this.#go(true);
  }

  flash(message: string): void {
    this.#flash = message;
  }

  /** Opens the page of the current address. */
  #go(focus: boolean): void {
    this.#page.dispose();
    this.#route = parseRoute(location.pathname, location.search);
    this.#page = pageOf(this.#route, this);
    this.#shownFlash = this.#flash;
    this.#flash = undefined;
    this.#render();
    if (focus) {
      // Screen readers hear the new page: its heading takes the focus.
      document.querySelector<HTMLElement>('main h1')?.focus();
      scrollTo(0, 0);
    }
  }

  /** Console links open in the page, unless a modifier asks for a new tab or window. */
  #onClick(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    const target = anchor?.getAttribute('href');
    if (!anchor || !target || anchor.target || !target.startsWith(`${BASE}/`)) return;
    event.preventDefault();
    if (target !== `${location.pathname}${location.search}`) this.navigate(target);
  }

  #render(): void {
    document.title = `${this.#page.title} · Flowback console`;
    const current = this.#route.page;
    const config = this.#config;
    render(
      html`<header class="top">
          <a class="brand" href=${href.flows()}>Flowback <span>console</span></a>
          <nav aria-label="Main">
            <a href=${href.flows()} aria-current=${current === 'flows' || current === 'flow' || current === 'execution' || current === 'new-flow' ? 'page' : 'false'}>Flows</a>
            <a href=${href.tasks()} aria-current=${current === 'tasks' ? 'page' : 'false'}>Waiting tasks</a>
          </nav>
          ${
            config
              ? html`<p class="endpoint" title=${config.signed ? 'requests signed with SigV4' : 'requests not signed'}>
                  <span class="visually-hidden">Endpoint:</span> ${config.endpoint}${config.signed ? html` <span class="badge">SigV4</span>` : nothing}
                </p>`
              : nothing
          }
        </header>
        <main id="main">
          ${this.#shownFlash ? html`<p class="alert alert-info" role="status">${this.#shownFlash}</p>` : nothing}
          ${this.#page.view()}
        </main>`,
      this.root,
    );
  }
}
