import type { Step } from './types.ts';

/** Every step of a definition with its path (`steps[0].branches[1].steps[2]`), parents first. */
export function stepPaths(steps: Step[], path = 'steps'): [string, Step][] {
  return steps.flatMap((step, i): [string, Step][] => {
    const at = `${path}[${i}]`;
    const own: [string, Step] = [at, step];
    switch (step.type) {
      case 'parallel':
        return [own, ...step.branches.flatMap((b, j) => stepPaths(b.steps, `${at}.branches[${j}].steps`))];
      case 'foreach':
        return [own, ...stepPaths(step.steps, `${at}.steps`)];
      case 'choice':
        return [
          own,
          ...step.choices.flatMap((c, j) => stepPaths(c.steps, `${at}.choices[${j}].steps`)),
          ...stepPaths(step.default?.steps ?? [], `${at}.default.steps`),
        ];
      default:
        return [own];
    }
  });
}
