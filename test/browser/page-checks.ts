/** Checks of a console page that a person would make: states of graph nodes, names, contrast, width. */
import type { Page } from 'playwright-core';

/** The state class (`running`, `succeeded`, `failed`) of the graph node of `step`, or `none`. */
export function nodeState(page: Page, step: string): Promise<string> {
  return page.evaluate((name) => {
    for (const node of document.querySelectorAll('.graph-svg g.node')) {
      const label = node.textContent?.trim() ?? '';
      if (!label.startsWith(name)) continue;
      for (const state of ['running', 'succeeded', 'failed'])
        if (node.classList.contains(state)) return state;
      return 'none';
    }
    return 'missing';
  }, step);
}

/** Waits until the graph node of `step` has `state`. */
export async function waitForNodeState(page: Page, step: string, state: string): Promise<void> {
  await page.waitForFunction(
    ([name, wanted]) => {
      for (const node of document.querySelectorAll('.graph-svg g.node')) {
        if ((node.textContent?.trim() ?? '').startsWith(name as string))
          return node.classList.contains(wanted as string);
      }
      return false;
    },
    [step, state],
  );
}

/**
 * Problems a person with a screen reader or low vision would meet: form controls and buttons without
 * an accessible name, images without a label, text below WCAG AA contrast (4.5:1; 3:1 from 18.66 px
 * bold or 24 px), the page wider than the window.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (element: Element): string =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    for (const control of document.querySelectorAll('input, select, textarea')) {
      const labelled =
        control.getAttribute('aria-label') ||
        control.getAttribute('aria-labelledby') ||
        (control.id && document.querySelector(`label[for="${control.id}"]`)) ||
        control.closest('label');
      if (!labelled) problems.push(`no label: ${describe(control)}`);
    }
    for (const button of document.querySelectorAll('button, a[href]')) {
      if (!(button.textContent ?? '').trim() && !button.getAttribute('aria-label'))
        problems.push(`no name: ${describe(button)}`);
    }
    for (const image of document.querySelectorAll('[role="img"]')) {
      if (!image.getAttribute('aria-label')) problems.push(`image without a label: ${describe(image)}`);
    }
    const channel = (value: number): number => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const rgb = (text: string): number[] => (text.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]): number =>
      0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const color = rgb(getComputedStyle(at).backgroundColor);
        if (color.length === 3 || (color[3] ?? 0) > 0.5) return color.slice(0, 3);
      }
      return [255, 255, 255];
    };
    for (const element of document.querySelectorAll('body *')) {
      if (element.closest('svg, .visually-hidden, [disabled], option')) continue;
      const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent?.trim());
      if (!ownText) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const [a, b] = [luminance(rgb(style.color)), luminance(background(element))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${describe(element)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(
        `the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`,
      );
    return problems;
  });
}
