import { type Command, InvalidArgumentError, Option } from 'commander';
import { signingFor, sigV4Signer } from '../../client/signing.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode } from '../exit-codes.ts';
import { endpointOption } from './operations.ts';
import { parsePort } from './serve.ts';

/** The console's default port on 127.0.0.1 (next to the local runtime's 8700/8701). */
export const DEFAULT_CONSOLE_PORT = 8710;

/** The options as commander gives them. */
interface ConsoleFlags {
  endpoint: string;
  port: number;
  signRegion?: string;
}

/** Parses a region name (`us-east-1`). */
function parseRegion(value: string): string {
  if (!/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(value))
    throw new InvalidArgumentError('expected a region such as us-east-1');
  return value;
}

/** Waits for SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Adds `console`: the web console on 127.0.0.1 against `--endpoint`, its requests signed with SigV4
 * from the default AWS credential chain for an execute-api endpoint (or with `--sign-region`).
 */
export function registerConsoleCommand(program: Command, context: CommandContext): void {
  program
    .command('console')
    .description(
      'serve the web console on 127.0.0.1 against an endpoint (a deployed stack: signed with SigV4)',
    )
    .addOption(endpointOption())
    .addOption(
      new Option('--port <PORT>', `port on 127.0.0.1, 0 = any free port (default ${DEFAULT_CONSOLE_PORT})`)
        .argParser(parsePort)
        .default(DEFAULT_CONSOLE_PORT),
    )
    .option(
      '--sign-region <REGION>',
      'sign requests with SigV4 for this region even when the endpoint is not an execute-api URL',
      parseRegion,
    )
    .action(async (flags: ConsoleFlags) => {
      let endpoint: URL;
      try {
        endpoint = new URL(flags.endpoint);
        if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new Error('not http(s)');
      } catch {
        context.io.err(`InvalidArgument: --endpoint: ${flags.endpoint} is not an http(s) URL\n`);
        context.exit(ExitCode.Usage);
        return;
      }
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const target = signingFor(flags.endpoint, flags.signRegion);
      const { startConsoleServer } = await import('../../console/console-server.ts');
      let server: Awaited<ReturnType<typeof startConsoleServer>>;
      try {
        server = await startConsoleServer({
          endpoint: flags.endpoint,
          port: flags.port,
          ...(target !== undefined ? { signer: sigV4Signer(target) } : {}),
          onError: (line) => context.io.err(`${line}\n`),
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        context.io.err(
          `flowback console: cannot start: ${code === 'EADDRINUSE' ? `port ${flags.port} is in use` : String(error)}\n`,
        );
        context.exit(ExitCode.Failure);
        return;
      }
      context.io.out(
        `flowback console ready url=${server.url}/console/ endpoint=${flags.endpoint}${target !== undefined ? ` signed=${target.region}` : ''}\n`,
      );
      const signal = await untilSignal();
      context.io.err(`flowback console: ${signal}, stopping\n`);
      await server.close();
    });
}
