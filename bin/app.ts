#!/usr/bin/env node
/**
 * CDK entry (`npx cdk synth`). The engine's stack is added by the deployment work (issue 4); until
 * then the app synthesizes an empty cloud assembly, so that `cdk.json` is valid from the start.
 */
import { App } from 'aws-cdk-lib';

const app = new App();
app.synth();
