import type { Node } from 'yaml';
import { isMap, isScalar } from 'yaml';
import { checkSourcePath } from './paths.ts';
import type { DefinitionReader, Field } from './reader.ts';
import { indexPath } from './reader.ts';
import type { Mapping } from './types.ts';

/** Fields of one mapping entry. */
const MAPPING_FIELDS = ['target', 'source'] as const;

/** The only paths an `errorMappings` source may use (the caught error's name and cause). */
export const ERROR_MAPPING_SOURCES: readonly string[] = ['$local.error', '$local.cause'];

/** Which mapping list is read: `errorMappings` restrict their path sources. */
export type MappingKind = 'mappings' | 'errorMappings';

/**
 * Checks a path-like string (one that starts with `$`) with `checkSourcePath`; reports at `at`.
 * @returns true when the path is valid.
 */
export function checkPath(reader: DefinitionReader, path: string, at: Node, issuePath: string): boolean {
  const problem = checkSourcePath(path);
  if (problem === undefined) return true;
  reader.report(at, issuePath, `invalid path \`${path}\`: ${problem}`);
  return false;
}

function checkTarget(reader: DefinitionReader, field: Field): string | undefined {
  const target = reader.string(field, true);
  if (target === undefined) return undefined;
  if (target.split('.').some((part) => part === '')) {
    reader.report(
      reader.at(field),
      field.path,
      `target \`${target}\` has an empty key (a dotted target is \`a.b\`)`,
    );
    return undefined;
  }
  return target;
}

function readSource(
  reader: DefinitionReader,
  field: Field,
  kind: MappingKind,
): Mapping['source'] | undefined {
  const value = field.value;
  if (isScalar(value) && typeof value.value === 'string' && value.value.startsWith('$')) {
    const path = value.value;
    if (kind === 'errorMappings' && !ERROR_MAPPING_SOURCES.includes(path)) {
      reader.report(
        value,
        field.path,
        `errorMappings sources may only be ${ERROR_MAPPING_SOURCES.map((s) => `\`${s}\``).join(' or ')} (or a constant), got \`${path}\``,
      );
      return undefined;
    }
    return checkPath(reader, path, value, field.path) ? path : undefined;
  }
  return reader.json(value, field.path);
}

/**
 * Reads a list of `{target, source}` entries. A string source starting with `$` must be a valid path
 * (for `errorMappings`: `$local.error` or `$local.cause`); any other source is a JSON constant.
 */
export function readMappings(
  reader: DefinitionReader,
  field: Field,
  kind: MappingKind = 'mappings',
): Mapping[] | undefined {
  const items = reader.list(field, false, 'a list of {target, source} entries');
  if (items === undefined) return undefined;
  const mappings: Mapping[] = [];
  let ok = true;
  items.forEach((item, index) => {
    const path = indexPath(field.path, index);
    if (!isMap(item)) {
      reader.report(
        item ?? field.key,
        path,
        `a mapping entry must be {target, source}, got ${reader.describe(item)}`,
      );
      ok = false;
      return;
    }
    const fields = reader.fields(item, path, MAPPING_FIELDS);
    const targetField = reader.required(fields, 'target', item, path);
    const sourceField = reader.required(fields, 'source', item, path);
    const target = targetField && checkTarget(reader, targetField);
    const source = sourceField && readSource(reader, sourceField, kind);
    if (target === undefined || source === undefined) ok = false;
    else mappings.push({ target, source });
  });
  return ok ? mappings : undefined;
}
