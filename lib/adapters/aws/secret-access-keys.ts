/**
 * The RPC API's access keys from a Secrets Manager secret: a JSON object `{"<AccessKeyId>": "<secret>",
 * …}`, read once (a failed read is retried at the next request). Rotating the keys takes effect at the
 * next cold start of the api function.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Parses the secret's text. @throws Error when it is not a JSON object of non-empty strings. */
export function parseAccessKeys(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((value) => typeof value === 'string' && value !== '')
  ) {
    throw new Error('the RPC access key secret must be a JSON object {"AccessKeyId": "secret", ...}');
  }
  return parsed as Record<string, string>;
}

/** A provider of the access keys in `secretId` (a name or an ARN), fetched at its first call. */
export function secretAccessKeys(
  client: SecretsManagerClient,
  secretId: string,
): () => Promise<Record<string, string>> {
  let keys: Promise<Record<string, string>> | undefined;
  const load = async (): Promise<Record<string, string>> => {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (answer.SecretString === undefined) throw new Error(`secret ${secretId} has no string value`);
    return parseAccessKeys(answer.SecretString);
  };
  return () => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  };
}
