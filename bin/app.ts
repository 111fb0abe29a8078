#!/usr/bin/env node
/**
 * CDK entry (`npx cdk synth`, `npx cdk deploy`): the Flowback stack, configured by the CDK context
 * (see docs/deploy.md), checked by cdk-nag's AWS Solutions rules — a finding without an
 * acknowledgement fails the synth.
 */
import { App } from 'aws-cdk-lib';
import { addFlowbackStack } from '../lib/infra/flowback-app.ts';

const app = new App();
addFlowbackStack(app);
app.synth();
