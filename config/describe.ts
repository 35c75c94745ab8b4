/**
 * Prints every configuration key with its type, default and description, straight from the zod schema,
 * so the documentation cannot drift from what the loader accepts: `npx tsx config/describe.ts`.
 */
import { z } from 'zod';
import { configSchema } from './schema';
import { ENV_OVERRIDES } from './load';

export interface KeyDoc {
  key: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  env?: string;
}

/** Flattens the schema into one entry per leaf key (arrays of objects are described by their items). */
export function describeConfig(): KeyDoc[] {
  const envFor = new Map(Object.entries(ENV_OVERRIDES).map(([variable, key]) => [key, variable]));
  const docs: KeyDoc[] = [];
  walk(configSchema, '', { required: true, description: '' }, docs, envFor);
  return docs;
}

interface Context {
  required: boolean;
  default?: unknown;
  description: string;
}

function walk(
  schema: z.ZodTypeAny,
  key: string,
  ctx: Context,
  out: KeyDoc[],
  envFor: Map<string, string>,
): void {
  const description = ctx.description || schema.description || '';
  const next = { ...ctx, description };
  if (schema instanceof z.ZodEffects) return walk(schema.innerType(), key, next, out, envFor);
  if (schema instanceof z.ZodDefault) {
    const inner = schema._def.innerType as z.ZodTypeAny;
    return walk(inner, key, { ...next, required: false, default: schema._def.defaultValue() }, out, envFor);
  }
  if (schema instanceof z.ZodOptional)
    return walk(schema.unwrap(), key, { ...next, required: false }, out, envFor);
  if (schema instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(schema.shape as z.ZodRawShape)) {
      const childKey = key === '' ? name : `${key}.${name}`;
      walk(child, childKey, { required: true, description: '' }, out, envFor);
    }
    return;
  }
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodObject) {
    out.push(entry(key, 'array of objects', next, envFor));
    return walk(schema.element, `${key}[]`, { required: true, description: '' }, out, envFor);
  }
  out.push(entry(key, typeName(schema), next, envFor));
}

function entry(key: string, type: string, ctx: Context, envFor: Map<string, string>): KeyDoc {
  const doc: KeyDoc = {
    key,
    type,
    required: ctx.required && ctx.default === undefined,
    description: ctx.description,
  };
  if (ctx.default !== undefined) doc.default = ctx.default;
  const env = envFor.get(key);
  if (env) doc.env = env;
  return doc;
}

function typeName(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodEffects) return typeName(schema.innerType());
  if (schema instanceof z.ZodEnum)
    return (schema.options as string[]).map((o) => JSON.stringify(o)).join(' | ');
  if (schema instanceof z.ZodArray) return `array of ${typeName(schema.element)}`;
  if (schema instanceof z.ZodRecord) return `map of ${typeName(schema.valueSchema)}`;
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  return schema.constructor.name.replace(/^Zod/, '').toLowerCase();
}

function render(docs: KeyDoc[]): string {
  return docs
    .map((d) => {
      const presence = d.required
        ? 'required'
        : d.default === undefined
          ? 'optional'
          : `default ${JSON.stringify(d.default)}`;
      const flags = [presence, d.env ? `env ${d.env}` : ''].filter(Boolean).join(', ');
      return `${d.key} (${d.type}; ${flags})\n    ${d.description}`;
    })
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(render(describeConfig()));
