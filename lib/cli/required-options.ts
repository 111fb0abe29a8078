/**
 * Required options checked after commander's check of unknown options (commander checks its own
 * required options first), so that a misspelt required option (`--flow-nam x`) is answered
 * "unknown option '--flow-nam' (Did you mean --flow-name?)" rather than "required option not specified".
 */
import { type Command, Option } from 'commander';

/** The required options of each command. */
const requiredOf = new WeakMap<Command, Option[]>();

/** Adds an option that must be given (`(required)` is added to its help). */
export function addRequiredOption(command: Command, flags: string, description: string): Command {
  const option = new Option(flags, `${description} (required)`);
  command.addOption(option);
  const list = requiredOf.get(command);
  if (list !== undefined) {
    list.push(option);
    return command;
  }
  requiredOf.set(command, [option]);
  // Before the action, after the unknown options (and missing arguments) were refused.
  command.hook('preAction', (self) => {
    for (const required of requiredOf.get(self) ?? []) {
      if (self.getOptionValue(required.attributeName()) === undefined) {
        self.error(`error: required option '${required.flags}' not specified`, {
          code: 'commander.missingMandatoryOptionValue',
        });
      }
    }
  });
  return command;
}
