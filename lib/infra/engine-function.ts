/**
 * One Lambda function of the engine: a `NodejsFunction` bundled by the local esbuild (never Docker) on
 * Node.js 22, arm64, with source maps and active tracing, its own role (no managed policies: exactly
 * the grants the engine adds) and its own log group (JSON logs, written only by this function).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge, NAG_ACKNOWLEDGEMENTS } from './nag-acknowledgements.ts';

/** The repository's root (the lock file and `lambdas/` are there). */
export const PROJECT_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** The absolute path of a handler file of `lambdas/`. */
export function lambdaEntry(file: string): string {
  return fileURLToPath(new URL(`../../lambdas/${file}`, import.meta.url));
}

/** The runtime of every engine function. */
export const ENGINE_RUNTIME: lambda.Runtime = lambda.Runtime.NODEJS_22_X;

/** Props of {@link EngineFunction}. */
export interface EngineFunctionProps {
  /** The handler file in `lambdas/`, or an absolute path (it exports `handler`). */
  readonly entry: string;
  /** A physical function name (the engine's own functions have none: stages never clash). */
  readonly functionName?: string;
  /**
   * Files bundled next to the code (name → content), e.g. the worker's function map: written at synth
   * time and copied into the bundle after esbuild, so that they change the asset (and redeploy).
   */
  readonly bundledFiles?: Readonly<Record<string, string>>;
  readonly description: string;
  readonly timeout: Duration;
  /** Default 1024 MB. */
  readonly memorySize?: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Default one month. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * esbuild options: one ESM bundle per function with every dependency inside (the pinned AWS SDK, not
 * the runtime's), minified, with a source map; `require` shimmed for the CommonJS packages.
 */
const BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [],
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

/**
 * The bundling options of a function that ships `files` beside its code: a command hook (run locally,
 * never in Docker) copies each from a synth-time folder into the bundle.
 */
export function bundlingWithFiles(files: Readonly<Record<string, string>>): nodejs.BundlingOptions {
  const names = Object.keys(files);
  if (names.length === 0) return BUNDLING;
  const staged = mkdtempSync(join(tmpdir(), 'flowback-bundled-'));
  for (const name of names) writeFileSync(join(staged, name), files[name] ?? '');
  return {
    ...BUNDLING,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) =>
        names.map((name) => `cp "${join(staged, name)}" "${join(outputDir, name)}"`),
    },
  };
}

/** A Lambda function of the engine with its role and log group. */
export class EngineFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EngineFunctionProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Flowback ${props.functionName ?? id} function`,
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: isAbsolute(props.entry) ? props.entry : lambdaEntry(props.entry),
      handler: 'handler',
      ...(props.functionName !== undefined ? { functionName: props.functionName } : {}),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: ENGINE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: bundlingWithFiles(props.bundledFiles ?? {}),
    });
    acknowledge(this.role, NAG_ACKNOWLEDGEMENTS.xrayWildcard);
    acknowledge(this.function, NAG_ACKNOWLEDGEMENTS.nodeRuntime);
  }

  /** Adds an environment variable. */
  addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }
}

/** The default timeouts of the engine's functions. */
export const DEFAULT_TIMEOUTS = {
  /** Above API Gateway's 29 s integration limit is pointless; long polls end by 20 s. */
  api: Duration.seconds(29),
  /** Carries out work items, including synchronous calls of the flows' functions. */
  worker: Duration.minutes(5),
  timeouts: Duration.minutes(1),
  deployFlows: Duration.minutes(5),
  /** A function built from `functionsDir` (the worker calls it synchronously, within its own timeout). */
  taskFunction: Duration.minutes(1),
} as const;
