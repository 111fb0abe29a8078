/**
 * The approval-link secret on AWS: a Secrets Manager secret the stack creates (a random string of 64
 * characters), read once per cold start, before the runtime is built (signing is synchronous, inside
 * the engine's advance). Rotating it invalidates every link mailed before.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MIN_LINK_SECRET_BYTES } from '../../runtime/approval-links.ts';

/** The bytes of the link secret `secretId` (a name or an ARN). @throws Error when too short or absent. */
export async function readLinkSecret(client: SecretsManagerClient, secretId: string): Promise<Buffer> {
  const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const secret = Buffer.from(answer.SecretString ?? '', 'utf8');
  if (secret.length < MIN_LINK_SECRET_BYTES)
    throw new Error(`secret ${secretId} must hold a string of at least ${MIN_LINK_SECRET_BYTES} bytes`);
  return secret;
}
